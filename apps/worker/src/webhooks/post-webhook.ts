import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkUpstreamUrl, guardedLookup } from '@tollgate/upstream-guard';

export interface PostResult {
  /** Null when no answer came. */
  status: number | null;
  /** First bytes of the body (UTF-8, cut at `excerptBytes`). */
  bodyExcerpt: string | null;
  /** Why no answer came, or why the URL was refused; null when an answer came. */
  error: string | null;
  durationMs: number;
}

export interface PostOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The tenant may reach loopback/private addresses (development and tests only). */
  allowPrivate: boolean;
  timeoutMs: number;
  excerptBytes: number;
}

/**
 * One POST to a webhook endpoint. The URL and every DNS answer are checked like upstreams (no
 * private, metadata or oddly spelt addresses), redirects are not followed, and only the first
 * bytes of the answer are read: a hostile endpoint can neither reach inside nor hold the worker.
 */
export function postWebhook(options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const checked = checkUpstreamUrl(options.url, { allowPrivate: options.allowPrivate });
  if (!checked.ok) {
    return Promise.resolve({
      status: null,
      bodyExcerpt: null,
      error: `url_refused: ${checked.reason}`,
      durationMs: 0,
    });
  }
  const send = checked.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const request = send(
      checked.url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        lookup: guardedLookup({ allowPrivate: options.allowPrivate }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const excerpt = Buffer.concat(chunks).subarray(0, options.excerptBytes).toString('utf8');
          finish({ status: response.statusCode ?? null, bodyExcerpt: excerpt, error: null });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= options.excerptBytes) done();
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish({ status: null, bodyExcerpt: null, error: `timeout after ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({ status: null, bodyExcerpt: null, error: error.code ?? error.message }),
    );
    request.end(options.body);
  });
}
