import { newId } from '@tollgate/contracts';
import { type Membership, type MembershipRole, type Tenant, type User } from '@tollgate/db';
import type { FactoryDb } from './db-client.js';
import { uniqueSuffix } from './unique.js';

export interface TenantInput {
  slug?: string;
  name?: string;
  customDomain?: string | null;
  stripeAccountId?: string | null;
}

export function createTenant(db: FactoryDb, input: TenantInput = {}): Promise<Tenant> {
  const suffix = uniqueSuffix();
  return db.tenant.create({
    data: {
      id: newId('tenant'),
      slug: input.slug ?? `tenant-${suffix}`,
      name: input.name ?? `Tenant ${suffix}`,
      customDomain: input.customDomain ?? null,
      stripeAccountId: input.stripeAccountId ?? null,
    },
  });
}

export interface UserInput {
  email?: string;
  name?: string;
  /** Stored as given: hash it the way the control plane does if the test signs in with it. */
  passwordHash?: string;
}

export function createUser(db: FactoryDb, input: UserInput = {}): Promise<User> {
  const suffix = uniqueSuffix();
  return db.user.create({
    data: {
      id: newId('user'),
      email: input.email ?? `user-${suffix}@example.test`,
      name: input.name ?? `User ${suffix}`,
      passwordHash: input.passwordHash ?? 'not-a-password-hash',
    },
  });
}

export interface MembershipInput {
  userId: string;
  tenantId: string;
  role?: MembershipRole;
}

export function createMembership(db: FactoryDb, input: MembershipInput): Promise<Membership> {
  return db.membership.create({
    data: {
      id: newId('membership'),
      userId: input.userId,
      tenantId: input.tenantId,
      role: input.role ?? 'owner',
    },
  });
}
