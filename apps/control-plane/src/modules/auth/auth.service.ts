import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { AuthRepository, type TenantRow, type UserRow } from './auth.repository.js';
import type { SessionOutput, SignupInput, SignupOutput, TenantOutput, UserOutput } from './auth.schemas.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.js';
import type { SessionUser } from './session-user.js';

@Injectable()
export class AuthService {
  constructor(private readonly accounts: AuthRepository) {}

  /** Creates the user, their tenant and the owner membership in one transaction. */
  async signup(input: SignupInput): Promise<{ output: SignupOutput; sessionUser: SessionUser }> {
    const passwordHash = await hashPassword(input.password);
    const { user, tenant } = await this.accounts.createAccount({
      user: { id: newId('user'), email: input.email, name: input.name, passwordHash },
      tenant: { id: newId('tenant'), slug: input.tenantSlug, name: input.tenantName },
      membershipId: newId('membership'),
    });
    return {
      output: { user: userOutput(user), tenant: tenantOutput(tenant) },
      sessionUser: sessionUser(user),
    };
  }

  /** The user for a correct email and password, null otherwise (unknown email and wrong password look alike). */
  async verifyCredentials(email: string, password: string): Promise<SessionUser | null> {
    const found = await this.accounts.findCredentials(email.trim().toLowerCase());
    if (!found) {
      await burnPasswordCheck(password);
      return null;
    }
    return (await verifyPassword(found.passwordHash, password)) ? sessionUser(found) : null;
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
