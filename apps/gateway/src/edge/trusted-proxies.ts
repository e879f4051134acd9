import { isIP } from 'node:net';
import { AddressSet } from '../net/address-set.js';

/**
 * The peers whose `X-Forwarded-For` the gateway believes (its load balancers), parsed once
 * from `GATEWAY_TRUSTED_PROXIES`. Everyone else's `X-Forwarded-For` is ignored: the
 * socket address is the client.
 */
export const TrustedProxies = {
  /** `spec`: comma-separated IPs and CIDRs (`10.0.0.0/8, ::1`); validated by the env schema. */
  parse(spec: string): AddressSet | null {
    return AddressSet.parse(spec.split(','));
  },
};
export type TrustedProxies = AddressSet;

export interface ClientAddress {
  clientIp: string;
  /** What the upstream gets as `X-Forwarded-For`: only addresses the gateway can vouch for. */
  forwardedFor: string;
}

/**
 * The client behind a chain of trusted proxies: walking `X-Forwarded-For` from the right
 * (the hop nearest the gateway), the first address that is not a trusted proxy. Entries to
 * its left were written by the client itself and prove nothing; a malformed entry ends the
 * walk (the last address vouched for is the client then).
 */
export function clientAddress(
  peer: string,
  forwardedFor: string | null,
  trusted: TrustedProxies | null,
): ClientAddress {
  if (trusted === null || forwardedFor === null || !trusted.has(peer)) {
    return { clientIp: peer, forwardedFor: peer };
  }
  const hops = forwardedFor.split(',');
  let first = hops.length;
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!.trim();
    if (isIP(hop) === 0) break;
    hops[i] = hop;
    first = i;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  const kept = hops.slice(first);
  kept.push(peer);
  return { clientIp: client, forwardedFor: kept.join(', ') };
}
