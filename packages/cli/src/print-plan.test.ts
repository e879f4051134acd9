import { describe, expect, it } from 'vitest';
import { formatPlan } from './print-plan.js';
import { fromYaml, toYaml } from './yaml-document.js';

describe('formatPlan', () => {
  it('plan.noop: says there is nothing to change', () => {
    expect(formatPlan({ liveVersion: 3, changes: [], release: null })).toMatch(/^No changes/);
  });

  it('plan.ok: each resource with its fields, the counts, and the release diff in words', () => {
    const text = formatPlan({
      liveVersion: 3,
      changes: [
        {
          action: 'update',
          summary: 'Update plan Pro: rateLimit',
          fields: [{ path: 'rateLimit', before: { limit: 10 }, after: { limit: 20 } }],
        },
        { action: 'create', summary: 'Create route POST /alerts on /weather', fields: [] },
      ],
      release: {
        changes: [{ summary: 'Rate limit of plan Pro: 10 per 1s (burst 5) → 20 per 1s (burst 5)' }],
        problems: [],
        publishable: true,
      },
    });
    expect(text).toContain('  ~ Update plan Pro: rateLimit\n      rateLimit: {"limit":10} → {"limit":20}');
    expect(text).toContain('  + Create route POST /alerts on /weather');
    expect(text).toContain('Plan: 1 to create, 1 to update, 0 to delete.');
    expect(text).toContain('  • Rate limit of plan Pro: 10 per 1s (burst 5) → 20 per 1s (burst 5)');
  });
});

describe('yaml document', () => {
  it('yaml.stable: written and read back unchanged, in the given key order', () => {
    const doc = {
      apiVersion: 'tollgate/v1',
      kind: 'TenantConfig',
      apis: [{ basePath: '/a', routes: [] }],
      plans: [],
    };
    const text = toYaml(doc);
    expect(text.startsWith('apiVersion: tollgate/v1\nkind: TenantConfig\n')).toBe(true);
    expect(fromYaml(text, 'a.yaml')).toEqual(doc);
    expect(toYaml(fromYaml(text, 'a.yaml'))).toBe(text);
  });

  it('yaml.invalid: a broken file or a repeated key is refused', () => {
    expect(() => fromYaml('a: [1', 'a.yaml')).toThrow(/a.yaml is not valid YAML/);
    expect(() => fromYaml('a: 1\na: 2\n', 'a.yaml')).toThrow(/a.yaml is not valid YAML/);
  });
});
