import { Injectable } from '@nestjs/common';
import { checkUpstreamUrl, type UpstreamRefusal } from '@tollgate/upstream-guard';
import type { FieldError } from '../../../common/validation.js';
import { PrivateUpstreamPolicy } from '../../releases/private-upstreams.js';
import { ApiConfigRepository } from './api-config.repository.js';

/** Plain words for the guard's refusal reasons. */
const reasons: Record<UpstreamRefusal, string> = {
  loopback: 'is a loopback address',
  private: 'is a private network address',
  link_local: 'is a link-local address',
  cgnat: 'is a carrier-grade NAT address',
  metadata: 'is a cloud metadata service',
  unspecified: 'is the unspecified address',
  ipv4_mapped: 'embeds an IPv4 address in IPv6',
  reserved: 'is in a reserved or multicast range',
  ip_spelling: 'writes an IPv4 address in another form than a.b.c.d',
  scheme: 'is not http or https',
  userinfo: 'carries credentials',
  invalid_url: 'is not a URL',
};

/**
 * Upstream URLs (and the identity provider URLs the gateway fetches) checked when saved, with
 * the same function and the same per-tenant allowance the gateway and the release checks use,
 * so a saved URL is one the gateway will call.
 */
@Injectable()
export class UpstreamUrlCheck {
  constructor(
    private readonly repository: ApiConfigRepository,
    private readonly privateUpstreams: PrivateUpstreamPolicy,
  ) {}

  /** One field error per refused URL (`fields` maps input paths to URLs; undefined/null are skipped). */
  async problems(tenantId: string, fields: Record<string, string | null | undefined>): Promise<FieldError[]> {
    const urls = Object.entries(fields).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    if (urls.length === 0) return [];
    const allowPrivate = this.privateUpstreams.allows(await this.repository.tenantSlug(tenantId));
    return urls.flatMap(([path, url]) => {
      const checked = checkUpstreamUrl(url, { allowPrivate });
      if (checked.ok) return [];
      return [{ path, message: `Refused: the address ${reasons[checked.reason]}` }];
    });
  }
}
