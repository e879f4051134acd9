import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissionMatrix, permissions } from './permissions.js';

const roles = ['owner', 'admin', 'developer', 'finance', 'viewer'] as const;

/** The matrix table of `docs/permissions.md`: permission → roles marked `yes`. */
function documentedMatrix(): Record<string, string[]> {
  const doc = readFileSync(new URL('../../../../../docs/permissions.md', import.meta.url), 'utf8');
  const rows: Record<string, string[]> = {};
  for (const line of doc.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`([a-z.]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!name || cells.length !== roles.length + 3) continue;
    rows[name] = roles.filter((_role, i) => cells[i + 2] === 'yes');
  }
  return rows;
}

describe('permissionMatrix', () => {
  it('docs.ok: docs/permissions.md shows exactly the matrix in the code', () => {
    const inCode = Object.fromEntries(permissions.map((p) => [p, [...permissionMatrix[p]]]));
    expect(documentedMatrix()).toEqual(inCode);
  });

  it('owner.ok: the owner holds every permission; viewers hold only reads and leaving', () => {
    for (const p of permissions) expect(permissionMatrix[p]).toContain('owner');
    const viewer = permissions.filter((p) => (permissionMatrix[p] as readonly string[]).includes('viewer'));
    expect(viewer.every((p) => p.endsWith('.read') || p === 'tenant.leave')).toBe(true);
  });
});
