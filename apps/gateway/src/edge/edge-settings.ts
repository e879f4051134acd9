import type { SnapshotStore } from '../config/snapshot-store.js';
import { CustomDomains } from './custom-domains.js';
import { TrustedProxies } from './trusted-proxies.js';

/** What receive and resolve need besides the snapshots, built once at boot. */
export interface EdgeDeps {
  /** null: no proxy is trusted, `X-Forwarded-For` is never read. */
  trustedProxies: TrustedProxies | null;
  /** Body limit of a route whose API and route policies set none. */
  maxBodyBytes: number;
  customDomains: { lookup(host: string): ReturnType<CustomDomains['lookup']> };
}

export interface EdgeEnv {
  GATEWAY_TRUSTED_PROXIES: string;
  GATEWAY_MAX_BODY_BYTES: number;
}

export function edgeDeps(env: EdgeEnv, store: SnapshotStore): EdgeDeps {
  return {
    trustedProxies: TrustedProxies.parse(env.GATEWAY_TRUSTED_PROXIES),
    maxBodyBytes: env.GATEWAY_MAX_BODY_BYTES,
    customDomains: new CustomDomains(store),
  };
}
