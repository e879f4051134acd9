import { catalog, type ErrorCode, problemContentType, toProblem } from '@tollgate/errors';
import type { RequestContext } from './request-context.js';

/**
 * Writes a denial as problem+json. Each code's body is rendered by `toProblem` once and
 * kept as the text around the request id, so a denial costs one string concatenation.
 */

const marker = '\u0000request-id\u0000';
const templates = new Map<ErrorCode, [string, string]>();

function template(code: ErrorCode): [string, string] {
  let parts = templates.get(code);
  if (parts === undefined) {
    const json = JSON.stringify(toProblem(code, marker));
    const at = json.indexOf(JSON.stringify(marker));
    parts = [json.slice(0, at), json.slice(at + JSON.stringify(marker).length)];
    templates.set(code, parts);
  }
  return parts;
}

/** `extra`: more JSON members (`,"limit":100`), placed after the request id. */
export function problemBody(code: ErrorCode, requestId: string, extra = ''): string {
  const [head, tail] = template(code);
  return head + JSON.stringify(requestId) + extra + tail;
}

export function sendProblem(ctx: RequestContext, code: ErrorCode): void {
  const status = catalog[code].status;
  ctx.status = status;
  const res = ctx.res;
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = problemBody(code, ctx.requestId, ctx.problemExtra);
  res.writeHead(
    status,
    status === 401
      ? {
          'content-type': problemContentType,
          'content-length': Buffer.byteLength(body),
          'cache-control': 'no-store',
          'www-authenticate': 'Bearer realm="tollgate"',
          'x-request-id': ctx.requestId,
        }
      : {
          'content-type': problemContentType,
          'content-length': Buffer.byteLength(body),
          'cache-control': 'no-store',
          'x-request-id': ctx.requestId,
        },
  );
  res.end(body);
}
