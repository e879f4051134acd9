import { createHash, randomBytes } from 'node:crypto';

/** Invitations are valid for a week. */
export const invitationTtlMs = 7 * 24 * 60 * 60 * 1000;

/** A new invitation token (256 random bits, base64url); only its hash is stored. */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a token: SHA-256 suffices, the token itself carries 256 random bits. */
export function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
