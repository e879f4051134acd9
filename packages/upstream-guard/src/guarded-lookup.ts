import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { alwaysRefused, classifyAddress } from './ip.js';

/** `dns.lookup` with `all: true`, the part of it the guard uses (injectable for tests). */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for `net.connect` (and undici's `connect` option). */
export type GuardedLookup = (
  hostname: string,
  options: { family?: number | string; all?: boolean; hints?: number },
  callback: LookupCallback,
) => void;

/** The error a refused DNS answer fails the connection with. */
export const upstreamForbiddenCode = 'ERR_UPSTREAM_FORBIDDEN';

export class UpstreamForbiddenError extends Error {
  readonly code = upstreamForbiddenCode;
  constructor(
    readonly hostname: string,
    readonly reason: string,
  ) {
    super(`upstream ${hostname} resolves to a refused address (${reason})`);
    this.name = 'UpstreamForbiddenError';
  }
}

function familyOf(value: number | string | undefined): 0 | 4 | 6 {
  if (value === 4 || value === 'IPv4') return 4;
  if (value === 6 || value === 'IPv6') return 6;
  return 0;
}

/**
 * A resolver for upstream connections that re-checks every DNS answer when connecting, so a
 * name that passed the URL check cannot resolve (or later rebind) to a private or metadata
 * address. Every answer must pass, not just the first: the socket may try any of them.
 */
export function guardedLookup(options: { allowPrivate: boolean; resolve?: ResolveAll }): GuardedLookup {
  const resolve: ResolveAll = options.resolve ?? dnsLookup;
  return (hostname, lookupOptions, callback) => {
    const family = familyOf(lookupOptions.family);
    resolve(hostname, { family, hints: lookupOptions.hints, all: true }, (error, addresses) => {
      if (error !== null) {
        callback(error, lookupOptions.all === true ? [] : '');
        return;
      }
      for (const { address } of addresses) {
        const risk = classifyAddress(address);
        if (risk !== null && (alwaysRefused.has(risk) || !options.allowPrivate)) {
          callback(new UpstreamForbiddenError(hostname, risk), lookupOptions.all === true ? [] : '');
          return;
        }
      }
      const first = addresses[0];
      if (first === undefined) {
        const empty: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
        empty.code = 'ENOTFOUND';
        callback(empty, lookupOptions.all === true ? [] : '');
        return;
      }
      if (lookupOptions.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}
