import { describe, expect, it } from 'vitest';
import { checkChallenge, type TxtResolver } from './txt-resolver.js';

const answering = (answer: () => Promise<string[][]>) => ({ resolveTxt: answer }) as TxtResolver;
const failing = (code: string) =>
  answering(async () => {
    throw Object.assign(new Error(`queryTxt ${code}`), { code });
  });

describe('checkChallenge', () => {
  it('challenge.ok: the expected value among other records, split into strings or not', async () => {
    const dns = answering(async () => [['v=spf1 -all'], ['tollgate-verification=', 'abc']]);
    expect(await checkChallenge(dns, '_tollgate-challenge.a.test', 'tollgate-verification=abc')).toEqual({
      ok: true,
    });
  });

  it('challenge.missing: no record, no name and an empty answer are record_missing', async () => {
    for (const dns of [failing('ENODATA'), failing('ENOTFOUND'), answering(async () => [])]) {
      expect(await checkChallenge(dns, 'n', 'v')).toMatchObject({ ok: false, reason: 'record_missing' });
    }
  });

  it('challenge.mismatch: records without the value are record_mismatch', async () => {
    const dns = answering(async () => [['tollgate-verification=other']]);
    expect(await checkChallenge(dns, 'n', 'tollgate-verification=abc')).toMatchObject({
      ok: false,
      reason: 'record_mismatch',
    });
  });

  it('challenge.lookup_failed: a failing resolver (timeout, SERVFAIL) is not taken for a missing record', async () => {
    for (const dns of [
      failing('ETIMEOUT'),
      failing('ESERVFAIL'),
      answering(async () => Promise.reject(new Error('x'))),
    ]) {
      expect(await checkChallenge(dns, 'n', 'v')).toMatchObject({ ok: false, reason: 'lookup_failed' });
    }
  });
});
