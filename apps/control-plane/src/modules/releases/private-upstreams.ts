import { Inject, Injectable, Optional } from '@nestjs/common';
import { ENV } from '../../infra/tokens.js';

/** Whether `slug` is listed in `ALLOWED_PRIVATE_UPSTREAM_TENANTS` (`*` lists every tenant). */
export function mayUsePrivateUpstreams(allowed: readonly string[], slug: string): boolean {
  return allowed.includes('*') || allowed.includes(slug);
}

/**
 * Which tenants may proxy to loopback, private or CGNAT upstreams (development and tests
 * run their upstreams on 127.0.0.1). Without the setting (e.g. the maintenance commands),
 * no tenant may.
 */
@Injectable()
export class PrivateUpstreamPolicy {
  private readonly allowed: readonly string[];

  constructor(@Optional() @Inject(ENV) env?: { ALLOWED_PRIVATE_UPSTREAM_TENANTS?: string[] }) {
    this.allowed = env?.ALLOWED_PRIVATE_UPSTREAM_TENANTS ?? [];
  }

  allows(tenantSlug: string): boolean {
    return mayUsePrivateUpstreams(this.allowed, tenantSlug);
  }
}
