import type { IncomingHttpHeaders } from 'node:http';
import { type BrotliCompress, constants, createBrotliCompress, createGzip, type Gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Bodies known to be smaller than this are sent as they are: compressing them costs more than it saves. */
export const minCompressBytes = 1_024;

const compressibleType =
  /^(text\/(?!event-stream)|application\/(json|javascript|ecmascript|xml|x-www-form-urlencoded|graphql|[\w.+-]*\+(json|xml))|image\/svg\+xml)/i;

/** The encoding to use for a client's `Accept-Encoding`: br preferred at equal weight, null for none. */
export function negotiateEncoding(acceptEncoding: string | string[] | undefined): Encoding | null {
  if (acceptEncoding === undefined) return null;
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (header === '') return null;
  let br = -1;
  let gzip = -1;
  let star = -1;
  for (const part of header.split(',')) {
    const [rawName = '', ...params] = part.split(';');
    const name = rawName.trim().toLowerCase();
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=');
      if (key?.trim().toLowerCase() === 'q') q = Number(value?.trim());
    }
    if (!Number.isFinite(q)) q = 0;
    if (name === 'br') br = q;
    else if (name === 'gzip' || name === 'x-gzip') gzip = q;
    else if (name === '*') star = q;
  }
  if (br === -1) br = star === -1 ? 0 : star;
  if (gzip === -1) gzip = star === -1 ? 0 : star;
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return null;
}

/**
 * Whether an upstream answer may be compressed by the gateway: a body of a compressible
 * type, not already encoded, not an event stream, not marked `no-transform`, and not known
 * to be tiny.
 */
export function compressible(method: string, status: number, headers: IncomingHttpHeaders): boolean {
  if (method === 'HEAD' || status < 200 || status === 204 || status === 206 || status === 304) return false;
  if (headers['content-encoding'] !== undefined) return false;
  const type = headers['content-type'];
  if (type === undefined || !compressibleType.test(type)) return false;
  const cacheControl = headers['cache-control'];
  if (cacheControl !== undefined && /no-transform/i.test(cacheControl)) return false;
  const length = headers['content-length'];
  if (length !== undefined && Number(length) < minCompressBytes) return false;
  return true;
}

/** Rewrites the headers for an encoded body: encoding set, length dropped, Vary, weak ETag. */
export function markEncoded(headers: IncomingHttpHeaders, encoding: Encoding): void {
  headers['content-encoding'] = encoding;
  delete headers['content-length'];
  const vary = headers.vary;
  if (vary === undefined || vary === '') headers.vary = 'Accept-Encoding';
  else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) headers.vary = `${vary}, Accept-Encoding`;
  const etag = headers.etag;
  if (etag !== undefined && !etag.startsWith('W/')) headers.etag = `W/${etag}`;
}

/** A compressor tuned for a proxy: fast levels (the CPU is the gateway's, per request). */
export function createCompressor(encoding: Encoding): BrotliCompress | Gzip {
  return encoding === 'br'
    ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
    : createGzip({ level: 5 });
}
