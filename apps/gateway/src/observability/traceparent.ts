import { randomFillSync } from 'node:crypto';

/**
 * W3C Trace Context (`traceparent: 00-<trace id>-<parent id>-<flags>`): the gateway is a
 * hop of the caller's trace. A valid incoming header keeps its trace id and flags and gets
 * a new parent (span) id, the gateway's; a missing or invalid one starts a new trace
 * (sampled flag set). `tracestate` is forwarded untouched by receive.
 */

const valid = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const zeroTrace = '00000000000000000000000000000000';
const zeroSpan = '0000000000000000';

/** Random bytes drawn in blocks, so an id costs a slice of a pre-filled buffer, not a syscall. */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/** The `traceparent` to send upstream, given the incoming one (or `''`). */
export function nextTraceparent(incoming: string): string {
  if (incoming.length >= 55) {
    const header = incoming.length === 55 ? incoming : incoming.slice(0, 55);
    // Version ff is invalid; a future version may carry more after the 55 characters we read.
    if (
      valid.test(header) &&
      !header.startsWith('ff') &&
      (incoming.length === 55 || (incoming.charCodeAt(55) === 45 && !header.startsWith('00'))) &&
      header.slice(3, 35) !== zeroTrace &&
      header.slice(36, 52) !== zeroSpan
    ) {
      return `00-${header.slice(3, 35)}-${randomHex(8)}-${header.slice(53, 55)}`;
    }
  }
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}
