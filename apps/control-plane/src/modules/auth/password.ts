import { hash, verify } from '@node-rs/argon2';

/** argon2id (the library's default algorithm) with its default cost; the parameters live in the hash string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

let dummyHash: Promise<string> | undefined;

/** Verifies against a throwaway hash, so an unknown email costs as long as a wrong password. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('tollgate-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

/**
 * True when the account was found and `password` is its password. A missing account costs as
 * long as a wrong password, so the answer's timing does not tell whether the email has an account.
 */
export async function passwordMatches(
  account: { passwordHash: string } | null,
  password: string,
): Promise<boolean> {
  if (!account) {
    await burnPasswordCheck(password);
    return false;
  }
  return verifyPassword(account.passwordHash, password);
}
