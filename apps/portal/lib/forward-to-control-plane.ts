import { newId } from '@tollgate/contracts';
import { problemContentType, toProblem } from '@tollgate/errors';

// Connection-level headers belong to one hop; fetch refuses some of them outright.
const requestHeadersDropped = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  // fetch decodes compressed bodies itself; asking for none keeps the bytes as sent.
  'accept-encoding',
]);

const responseHeadersDropped = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'set-cookie',
]);

/** `/api/v1/x?y` on the portal → `<base>/v1/x?y` on the control plane. */
export function controlPlaneTarget(requestUrl: string, baseUrl: string): string {
  const url = new URL(requestUrl);
  const path = url.pathname.replace(/^\/api(?=\/|$)/, '');
  return `${baseUrl.replace(/\/+$/, '')}${path}${url.search}`;
}

/**
 * Forwards a portal request to the control plane and its answer back unchanged (status,
 * body, cookies), so the browser stays same-origin and the session cookie lives on the portal.
 */
export async function forwardToControlPlane(request: Request, baseUrl: string): Promise<Response> {
  const incoming = new URL(request.url);
  const headers = new Headers();
  for (const [name, value] of request.headers) {
    if (!requestHeadersDropped.has(name)) headers.set(name, value);
  }
  headers.set('x-forwarded-host', request.headers.get('host') ?? incoming.host);
  headers.set('x-forwarded-proto', incoming.protocol.replace(':', ''));

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(controlPlaneTarget(request.url, baseUrl), {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
      cache: 'no-store',
    });
  } catch (error) {
    const requestId = newId('request');
    // The cause goes to the log only; the browser gets the generic catalog answer.
    console.error(
      JSON.stringify({
        level: 'error',
        service: 'portal',
        requestId,
        msg: 'control plane unreachable',
        cause: String(error),
      }),
    );
    return Response.json(toProblem('internal_error', requestId), {
      status: 500,
      headers: { 'content-type': problemContentType },
    });
  }

  const responseHeaders = new Headers();
  for (const [name, value] of upstream.headers) {
    if (!responseHeadersDropped.has(name)) responseHeaders.set(name, value);
  }
  for (const cookie of upstream.headers.getSetCookie()) responseHeaders.append('set-cookie', cookie);

  const bodyless = upstream.status === 204 || upstream.status === 205 || upstream.status === 304;
  return new Response(bodyless ? null : upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders,
  });
}
