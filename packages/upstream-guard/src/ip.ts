/**
 * IP address classification for the SSRF guard. Only canonical dotted-quad IPv4 and
 * RFC 4291 IPv6 text are parsed here; other spellings are the URL check's business.
 */

/** Why an address is refused. `private`-like ones are allowed for trusted tenants. */
export type AddressRisk =
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'metadata'
  | 'unspecified'
  | 'ipv4_mapped'
  | 'reserved';

/** Risks a tenant allowed private upstreams may still not reach: never a legitimate upstream. */
export const alwaysRefused: ReadonlySet<AddressRisk> = new Set([
  'metadata',
  'unspecified',
  'ipv4_mapped',
  'reserved',
]);

const dottedQuad = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Canonical `a.b.c.d` (no leading zeros) → 4 bytes, else null. */
export function parseIpv4(text: string): number[] | null {
  if (!dottedQuad.test(text)) return null;
  return text.split('.').map(Number);
}

/** RFC 4291 text (with `::` and an optional dotted-quad tail) → 16 bytes, else null. */
export function parseIpv6(input: string): number[] | null {
  let text = input;
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (text.includes('%')) return null; // zone ids have no place in an upstream URL
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return null;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = v4;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (const group of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
      out.push(Number.parseInt(group, 16));
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  } else {
    if (head.length !== 8) return null;
    groups = head;
  }
  const bytes: number[] = [];
  for (const group of groups) bytes.push(group >> 8, group & 0xff);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

function inV4(bytes: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < 4; i++) {
    const take = Math.max(0, Math.min(8, bits - i * 8));
    if (take === 0) return true;
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

const v4Metadata = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192']);

/** The risk of an IPv4 address, or null for a public one. */
export function classifyIpv4(bytes: number[]): AddressRisk | null {
  if (v4Metadata.has(bytes.join('.'))) return 'metadata';
  if (inV4(bytes, [0], 8)) return 'unspecified';
  if (inV4(bytes, [127], 8)) return 'loopback';
  if (inV4(bytes, [169, 254], 16)) return 'link_local';
  if (inV4(bytes, [10], 8) || inV4(bytes, [172, 16], 12) || inV4(bytes, [192, 168], 16)) return 'private';
  if (inV4(bytes, [192, 0, 0], 24) || inV4(bytes, [198, 18], 15)) return 'private';
  if (inV4(bytes, [100, 64], 10)) return 'cgnat';
  // Multicast, reserved, broadcast.
  if (inV4(bytes, [224], 4) || inV4(bytes, [240], 4)) return 'reserved';
  return null;
}

function allZero(bytes: number[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** The risk of an IPv6 address, or null for a public one. */
export function classifyIpv6(bytes: number[]): AddressRisk | null {
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  if (allZero(bytes, 0, 16)) return 'unspecified';
  if (allZero(bytes, 0, 15) && bytes[15] === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), ::ffff:0:a.b.c.d (translated): a v4 address in disguise.
  if (allZero(bytes, 0, 10) && ((bytes[10] === 0xff && bytes[11] === 0xff) || allZero(bytes, 10, 12)))
    return 'ipv4_mapped';
  if (allZero(bytes, 0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && allZero(bytes, 10, 12))
    return 'ipv4_mapped';
  // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address: judge that one.
  if (b0 === 0 && b1 === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && allZero(bytes, 4, 12)) {
    const risk = classifyIpv4(bytes.slice(12));
    return risk === null ? null : 'ipv4_mapped';
  }
  // fd00:ec2::254 (AWS IMDS over IPv6).
  if (b0 === 0xfd && b1 === 0 && bytes[2] === 0x0e && bytes[3] === 0xc2 && allZero(bytes, 4, 14)) {
    if (bytes[14] === 0x02 && bytes[15] === 0x54) return 'metadata';
  }
  if (b0 === 0xfe && (b1 & 0xc0) === 0x80) return 'link_local';
  if (b0 === 0xfe && (b1 & 0xc0) === 0xc0) return 'private'; // deprecated site-local
  if ((b0 & 0xfe) === 0xfc) return 'private';
  if (b0 === 0xff) return 'reserved'; // multicast
  return null;
}

/** The risk of an address in text form (IPv4 or IPv6), `reserved` when it is not an address. */
export function classifyAddress(address: string): AddressRisk | null {
  const v4 = parseIpv4(address);
  if (v4 !== null) return classifyIpv4(v4);
  const v6 = parseIpv6(address);
  if (v6 !== null) return classifyIpv6(v6);
  return 'reserved';
}
