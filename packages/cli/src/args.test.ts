import { describe, expect, it } from 'vitest';
import { parseInvocation, UsageError } from './args.js';

const env = { TOLLGATE_URL: 'http://cp.test/', TOLLGATE_TOKEN: 'tgp_env' };

describe('parseInvocation', () => {
  it('args.ok: commands with their options; the environment gives the URL and token', () => {
    expect(parseInvocation(['export', '--tenant', 'acme', '-o', 'acme.yaml'], env)).toEqual({
      command: { name: 'export', tenant: 'acme', output: 'acme.yaml' },
      connection: { url: 'http://cp.test', token: 'tgp_env' },
    });
    expect(
      parseInvocation(['apply', '-f', 'a.yaml', '--reason', 'why', '--yes', '--token', 'tgp_flag'], env),
    ).toEqual({
      command: { name: 'apply', file: 'a.yaml', tenant: undefined, reason: 'why', yes: true },
      connection: { url: 'http://cp.test', token: 'tgp_flag' },
    });
    expect(parseInvocation(['--help'], {}).command).toEqual({ name: 'help' });
  });

  it('args.invalid: unknown commands and options, a missing file, tenant or token are usage errors', () => {
    for (const argv of [
      ['deploy'],
      ['plan'],
      ['export'],
      ['plan', '-f', 'a.yaml', '--force'],
      ['plan', 'x', '-f', 'a'],
    ])
      expect(() => parseInvocation(argv, env), argv.join(' ')).toThrow(UsageError);
    expect(() => parseInvocation(['plan', '-f', 'a.yaml'], {})).toThrow(/TOLLGATE_TOKEN/);
  });
});
