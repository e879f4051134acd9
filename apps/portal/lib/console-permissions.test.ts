import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { can, consolePermissions, grantableRoles } from './console-permissions';
import type { Role } from './console-types';

/** The matrix table of docs/permissions.md: permission → roles marked `yes`. */
function documentedMatrix(): Map<string, Role[]> {
  const page = readFileSync(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');
  const rows = page.split('\n').filter((line) => line.startsWith('| `'));
  const header = page
    .split('\n')
    .find((line) => line.startsWith('| permission'))
    ?.split('|')
    .slice(2, -1)
    .map((cell) => cell.trim() as Role);
  if (!header) throw new Error('no matrix header in docs/permissions.md');
  return new Map(
    rows.map((row) => {
      const [, name, ...cells] = row.split('|').map((cell) => cell.trim());
      return [name?.replaceAll('`', '') ?? '', header.filter((_, i) => cells[i] === 'yes')];
    }),
  );
}

describe('console permissions', () => {
  it('permissions.in-step: each row the console uses matches docs/permissions.md', () => {
    const documented = documentedMatrix();
    for (const [permission, roles] of Object.entries(consolePermissions)) {
      expect(documented.get(permission), permission).toEqual([...roles]);
    }
  });

  it('permissions.can: admins invite and read the audit log, developers publish, viewers do neither', () => {
    expect(can('admin', 'members.write')).toBe(true);
    expect(can('admin', 'audit.read')).toBe(true);
    expect(can('developer', 'audit.read')).toBe(false);
    expect(can('developer', 'releases.publish')).toBe(true);
    expect(can('viewer', 'releases.preview')).toBe(false);
  });

  it('permissions.grantable: only owners grant owner; roles without members.write grant nothing', () => {
    expect(grantableRoles('owner')).toContain('owner');
    expect(grantableRoles('admin')).toEqual(['admin', 'developer', 'finance', 'viewer']);
    expect(grantableRoles('finance')).toEqual([]);
  });
});
