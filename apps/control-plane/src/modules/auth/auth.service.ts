import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import type { AuditActor } from '../audit/audit-actor.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { AuthRepository, type TenantRow, type UserRow } from './auth.repository.js';
import type { SessionOutput, SignupInput, SignupOutput, TenantOutput, UserOutput } from './auth.schemas.js';
import { hashPassword, passwordMatches } from './password.js';
import type { SessionUser } from './session-user.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly accounts: AuthRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Creates the user, their tenant and the owner membership in one transaction, with the
   * `user.signed_up` and `tenant.created` events. `origin` is the request (its user id is set here).
   */
  async signup(
    input: SignupInput,
    origin: AuditActor,
  ): Promise<{ output: SignupOutput; sessionUser: SessionUser }> {
    const passwordHash = await hashPassword(input.password);
    const { user, tenant } = await this.transactions.run(async () => {
      const created = await this.accounts.createAccount({
        user: { id: newId('user'), email: input.email, name: input.name, passwordHash },
        tenant: { id: newId('tenant'), slug: input.tenantSlug, name: input.tenantName },
        membershipId: newId('membership'),
      });
      const actor = { ...origin, id: created.user.id };
      const tenantId = created.tenant.id;
      await this.audit.record({
        tenantId,
        actor,
        action: 'user.signed_up',
        target: { type: 'user', id: created.user.id },
        after: { email: created.user.email, name: created.user.name },
      });
      await this.audit.record({
        tenantId,
        actor,
        action: 'tenant.created',
        target: { type: 'tenant', id: tenantId },
        after: { slug: created.tenant.slug, name: created.tenant.name, ownerId: created.user.id },
      });
      return created;
    });
    return {
      output: { user: userOutput(user), tenant: tenantOutput(tenant) },
      sessionUser: sessionUser(user),
    };
  }

  /** The user for a correct email and password, null otherwise (unknown email and wrong password look alike). */
  async verifyCredentials(email: string, password: string): Promise<SessionUser | null> {
    const found = await this.accounts.findCredentials(email.trim().toLowerCase());
    return (await passwordMatches(found, password)) && found ? sessionUser(found) : null;
  }

  async findSessionUser(id: string): Promise<SessionUser | null> {
    const user = await this.accounts.findUser(id);
    return user ? sessionUser(user) : null;
  }

  async recordLogin(userId: string): Promise<void> {
    await this.accounts.recordLogin(userId, new Date());
  }

  /** The answer of login and `me`: the user and the tenants they belong to. */
  async describe(userId: string): Promise<SessionOutput | null> {
    const [user, memberships] = await Promise.all([
      this.accounts.findUser(userId),
      this.accounts.listMemberships(userId),
    ]);
    if (!user) return null;
    return {
      user: userOutput(user),
      memberships: memberships.map((m) => ({
        tenantId: m.tenantId,
        tenantSlug: m.tenant.slug,
        tenantName: m.tenant.name,
        role: m.role,
      })),
    };
  }
}

function sessionUser(user: UserRow): SessionUser {
  return { id: user.id, email: user.email, name: user.name };
}

function userOutput(user: UserRow): UserOutput {
  return { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt.toISOString() };
}

function tenantOutput(tenant: TenantRow): TenantOutput {
  return { id: tenant.id, slug: tenant.slug, name: tenant.name, createdAt: tenant.createdAt.toISOString() };
}
