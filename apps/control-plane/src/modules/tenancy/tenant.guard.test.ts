import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { MembershipRole } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { describe, expect, it } from 'vitest';
import { RequirePermission } from './permissions.js';
import type { TenancyRepository } from './tenancy.repository.js';
import { TenantGuard } from './tenant.guard.js';

class Routes {
  @RequirePermission('keys.write')
  declared(): void {}

  undeclared(): void {}
}

function contextFor(handler: () => void, user: { id: string } | undefined): ExecutionContext {
  const request = {
    user,
    params: { tenantId: 'tnt_1' },
    headers: {},
    log: { child: () => ({}) },
  };
  return {
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => handler,
    getClass: () => Routes,
  } as unknown as ExecutionContext;
}

function guardWith(role: MembershipRole | null): TenantGuard {
  const repository = { findRole: async () => role } as unknown as TenancyRepository;
  return new TenantGuard(repository, new Reflector());
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'allowed';
  } catch (error) {
    return error instanceof TollgateError ? error.code : String(error);
  }
}

describe('TenantGuard', () => {
  const user = { id: 'usr_1' };
  const { declared, undeclared } = Routes.prototype;

  it('allowed.ok: a role holding the declared permission passes', async () => {
    expect(await codeOf(guardWith('developer').canActivate(contextFor(declared, user)))).toBe('allowed');
  });

  it('denied.forbidden: a member whose role lacks the permission is 403 forbidden', async () => {
    expect(await codeOf(guardWith('viewer').canActivate(contextFor(declared, user)))).toBe('forbidden');
  });

  it('undeclared.forbidden: a route without @RequirePermission is refused even to the owner (fail closed)', async () => {
    expect(await codeOf(guardWith('owner').canActivate(contextFor(undeclared, user)))).toBe('forbidden');
  });

  it('no-membership.not_found and no-user.unauthenticated come before any permission check', async () => {
    expect(await codeOf(guardWith(null).canActivate(contextFor(undeclared, user)))).toBe('not_found');
    expect(await codeOf(guardWith('owner').canActivate(contextFor(declared, undefined)))).toBe(
      'unauthenticated',
    );
  });
});
