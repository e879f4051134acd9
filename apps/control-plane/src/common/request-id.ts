import type { IncomingMessage } from 'node:http';
import { newId } from '@tollgate/contracts';

/** A caller's id is kept only when it is short and plain, so it cannot forge log lines. */
const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestIdHeader = 'x-request-id';

/** Fastify's `genReqId`: the caller's `X-Request-Id` when acceptable, a new `req_…` otherwise. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers[requestIdHeader];
  return typeof given === 'string' && acceptable.test(given) ? given : newId('request');
}
