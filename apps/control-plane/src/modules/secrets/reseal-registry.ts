import { Injectable } from '@nestjs/common';
import type { SecretBox } from '@tollgate/secrets';

/** What resealing one kind of stored secret did. */
export interface ResealResult {
  /** Secrets read (every row holding one). */
  checked: number;
  /** Secrets sealed again under the current master key (the others already were). */
  resealed: number;
  /** Tenants whose config snapshots carry this kind of secret and changed: they are republished. */
  tenantIds: string[];
}

/**
 * One kind of secret the control plane stores sealed (TLS private keys, webhook signing
 * secrets, identity provider client secrets…). Its owner registers it once at start-up
 * (`onModuleInit`), so master key rotation reaches every kind without a central list.
 */
export interface ResealableSecrets {
  /** Names the kind in logs, e.g. `tls_private_key`. */
  readonly kind: string;
  /** Opens each stored secret with whichever known key sealed it and seals it again with the current one. */
  reseal(box: SecretBox): Promise<ResealResult>;
}

@Injectable()
export class ResealRegistry {
  readonly #kinds = new Map<string, ResealableSecrets>();

  register(kind: ResealableSecrets): void {
    if (this.#kinds.has(kind.kind)) throw new Error(`secret kind ${kind.kind} registered twice`);
    this.#kinds.set(kind.kind, kind);
  }

  get kinds(): ResealableSecrets[] {
    return [...this.#kinds.values()];
  }
}
