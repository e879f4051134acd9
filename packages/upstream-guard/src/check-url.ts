import { type AddressRisk, alwaysRefused, classifyIpv4, classifyIpv6, parseIpv4, parseIpv6 } from './ip.js';

export type UpstreamRefusal =
  | AddressRisk
  | 'invalid_url'
  | 'scheme'
  | 'userinfo'
  /** An IPv4 address written in decimal, octal, hex or short form: only `a.b.c.d` is accepted. */
  | 'ip_spelling';

export interface UpstreamGuardOptions {
  /** The tenant may reach loopback, link-local, private and CGNAT addresses (never metadata). */
  allowPrivate: boolean;
}

export type UpstreamCheck =
  | {
      ok: true;
      url: URL;
      /** Host without brackets, lower-case, no trailing dot. */
      host: string;
      /** The host when it is an IP literal, else null (a name: checked again at connect). */
      ip: string | null;
    }
  | { ok: false; reason: UpstreamRefusal };

/** Names that always mean the cloud metadata service. */
const metadataNames = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

function refused(risk: AddressRisk, options: UpstreamGuardOptions): boolean {
  return alwaysRefused.has(risk) || !options.allowPrivate;
}

/** The authority (`user@host:port`) as written in the URL text, before WHATWG normalisation. */
function rawAuthority(text: string): string | null {
  const match = /^[a-zA-Z][a-zA-Z0-9+.-]*:[/\\]{2}([^/\\?#]*)/.exec(text.trim());
  return match === null ? null : (match[1] ?? '');
}

/** The host as written in the URL text, lower-case. */
function rawHost(text: string): string | null {
  let authority = rawAuthority(text);
  if (authority === null) return null;
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);
  if (authority.startsWith('[')) return authority.slice(0, authority.indexOf(']') + 1).toLowerCase();
  const colon = authority.indexOf(':');
  return (colon === -1 ? authority : authority.slice(0, colon)).toLowerCase();
}

/**
 * Whether an upstream URL may be proxied to: http(s) only, no credentials in the URL, and
 * a host that is not loopback, link-local, private, CGNAT (unless `allowPrivate`), nor a
 * metadata service, the unspecified address, an IPv4-mapped IPv6 address or an IPv4 address
 * in a non-canonical spelling (ever). Host names pass here; their DNS answers are checked
 * when connecting ({@link guardedLookup}).
 */
export function checkUpstreamUrl(text: string, options: UpstreamGuardOptions): UpstreamCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'invalid_url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'scheme' };
  const authority = rawAuthority(text);
  if (authority === null) return { ok: false, reason: 'invalid_url' };
  if (url.username !== '' || url.password !== '' || authority.includes('@'))
    return { ok: false, reason: 'userinfo' };

  let host = url.hostname.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '') return { ok: false, reason: 'invalid_url' };

  if (host.startsWith('[')) {
    const bytes = parseIpv6(host);
    if (bytes === null) return { ok: false, reason: 'invalid_url' };
    const risk = classifyIpv6(bytes);
    if (risk !== null && refused(risk, options)) return { ok: false, reason: risk };
    return { ok: true, url, host: host.slice(1, -1), ip: host.slice(1, -1) };
  }

  const v4 = parseIpv4(host);
  if (v4 !== null) {
    // WHATWG URL turns 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1: refuse any such spelling.
    const written = rawHost(text);
    if (written !== host && written !== `${host}.`) return { ok: false, reason: 'ip_spelling' };
    const risk = classifyIpv4(v4);
    if (risk !== null && refused(risk, options)) return { ok: false, reason: risk };
    return { ok: true, url, host, ip: host };
  }

  if (metadataNames.has(host)) return { ok: false, reason: 'metadata' };
  if ((host === 'localhost' || host.endsWith('.localhost')) && !options.allowPrivate)
    return { ok: false, reason: 'loopback' };
  return { ok: true, url, host, ip: null };
}
