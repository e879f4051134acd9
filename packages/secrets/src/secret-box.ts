import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealedSecret } from '@tollgate/contracts';

const keyBytes = 32;
const ivBytes = 12;

export interface MasterKey {
  /** Names the key inside every sealed secret, so an older key can still open what it sealed. */
  kid: string;
  key: Buffer;
}

/**
 * AES-256-GCM sealing of the secrets that travel in config snapshots and rows (signing
 * secrets, TLS private keys, client secrets). Seals with the current master key; opens
 * with whichever known key the secret names, so the master key rotates without downtime.
 */
export class SecretBox {
  readonly #current: MasterKey;
  readonly #byKid: Map<string, Buffer>;

  constructor(current: MasterKey, previous: readonly MasterKey[] = []) {
    for (const k of [current, ...previous]) {
      if (k.key.length !== keyBytes) throw new TypeError(`master key "${k.kid}" must be ${keyBytes} bytes`);
    }
    this.#current = current;
    this.#byKid = new Map([...previous, current].map((k) => [k.kid, k.key]));
  }

  /** `context` binds the secret to where it belongs (e.g. `tnt_…:signing`): moved elsewhere, it will not open. */
  seal(plaintext: string | Buffer, context: string): SealedSecret {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      kid: this.#current.kid,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  /** Throws when the key is unknown, or the secret was altered or sealed for another context. */
  open(sealed: SealedSecret, context: string): Buffer {
    const key = this.#byKid.get(sealed.kid);
    if (key === undefined) throw new Error(`unknown master key "${sealed.kid}"`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  }

  openString(sealed: SealedSecret, context: string): string {
    return this.open(sealed, context).toString('utf8');
  }

  /** Re-seals under the current master key (for rotating the master key). */
  reseal(sealed: SealedSecret, context: string): SealedSecret {
    return sealed.kid === this.#current.kid ? sealed : this.seal(this.open(sealed, context), context);
  }
}

/** Parses `MASTER_KEY` (base64 of 32 bytes) and `PREVIOUS_MASTER_KEYS` (`kid:base64,…`). */
export function secretBoxFromEnv(env: {
  MASTER_KEY: string;
  MASTER_KEY_ID: string;
  PREVIOUS_MASTER_KEYS?: string;
}) {
  const previous = (env.PREVIOUS_MASTER_KEYS ?? '')
    .split(',')
    .filter((entry) => entry.trim() !== '')
    .map((entry) => {
      const [kid, value] = entry.trim().split(':');
      if (!kid || !value) throw new TypeError('PREVIOUS_MASTER_KEYS entries are kid:base64');
      return { kid, key: Buffer.from(value, 'base64') };
    });
  return new SecretBox({ kid: env.MASTER_KEY_ID, key: Buffer.from(env.MASTER_KEY, 'base64') }, previous);
}
