/** Base62 in the order digits, upper case, lower case. */
export const base62Alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Encodes a non-negative integer as exactly `width` base62 characters (left-padded with `0`). */
export function encodeBase62(value: bigint, width: number): string {
  if (value < 0n) throw new RangeError('encodeBase62: value must not be negative');
  let rest = value;
  let out = '';
  while (rest > 0n) {
    out = base62Alphabet[Number(rest % 62n)] + out;
    rest /= 62n;
  }
  if (out.length > width) throw new RangeError(`encodeBase62: value needs more than ${width} characters`);
  return out.padStart(width, '0');
}

/** Fixed-width base62 of a byte string, read as one big-endian number. */
export function bytesToBase62(bytes: Uint8Array, width: number): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  return encodeBase62(hex.length === 0 ? 0n : BigInt(`0x${hex}`), width);
}
