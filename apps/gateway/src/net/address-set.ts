import { BlockList, isIP } from 'node:net';

/**
 * A set of IP addresses and CIDR ranges (v4 and v6), parsed once and checked per request
 * without allocation beyond Node's BlockList. Used for trusted proxies and IP allow/deny lists.
 */
export class AddressSet {
  private readonly list = new BlockList();

  /** `entries`: IPs and CIDRs (`10.0.0.0/8`, `::1`), already validated; null when there are none. */
  static parse(entries: readonly string[]): AddressSet | null {
    const trimmed = entries.map((entry) => entry.trim()).filter((entry) => entry.length > 0);
    if (trimmed.length === 0) return null;
    const set = new AddressSet();
    for (const entry of trimmed) {
      const slash = entry.indexOf('/');
      const address = unmappedAddress(slash === -1 ? entry : entry.slice(0, slash));
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (slash === -1) set.list.addAddress(address, family);
      else set.list.addSubnet(address, Number(entry.slice(slash + 1)), family);
    }
    return set;
  }

  has(address: string): boolean {
    const plain = unmappedAddress(address);
    const family = isIP(plain);
    return family !== 0 && this.list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
export function unmappedAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
