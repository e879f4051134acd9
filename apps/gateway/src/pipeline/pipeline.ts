import type { IncomingMessage, ServerResponse } from 'node:http';
import { lap } from '../observability/stage-timings.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { RequestContext } from './request-context.js';
import { sendProblem } from './respond.js';
import { authenticate } from './stages/authenticate.stage.js';
import { authorize } from './stages/authorize.stage.js';
import { cors, corsPreflight } from './stages/cors-preflight.stage.js';
import { limit, releaseLimits } from './stages/limit.stage.js';
import { log } from './stages/log.stage.js';
import { meter } from './stages/meter.stage.js';
import { proxy } from './stages/proxy.stage.js';
import { receive } from './stages/receive.stage.js';
import { resolve } from './stages/resolve.stage.js';
import { transform } from './stages/transform.stage.js';

/**
 * The request path, in order, written once. Each stage adds to the context or ends the
 * chain with a denial (it returns true); a denial is answered here as problem+json.
 * Metering and the access line come last, for every request, admitted or denied.
 * The limit stage slots in between authorize and transform.
 */
export async function runPipeline(ctx: RequestContext, deps: PipelineDeps): Promise<void> {
  try {
    // `lap` records each stage's duration for /metrics (no allocation) and passes its result on.
    const denied =
      lap(ctx, 'receive', receive(ctx, deps)) ||
      // A CORS preflight is resolved (as the method it asks about) and answered here: no key, no billing.
      lap(ctx, 'preflight', corsPreflight(ctx, deps)) ||
      lap(ctx, 'resolve', resolve(ctx, deps)) ||
      lap(ctx, 'cors', cors(ctx, deps)) ||
      lap(ctx, 'authenticate', await authenticate(ctx, deps)) ||
      lap(ctx, 'authorize', authorize(ctx, deps)) ||
      lap(ctx, 'limit', await limit(ctx, deps)) ||
      lap(ctx, 'transform', transform(ctx, deps)) ||
      lap(ctx, 'proxy', await proxy(ctx, deps));
    // A stage may also end the chain with an answer of its own (a preflight): no denial code then.
    if (denied && ctx.denyCode !== null) sendProblem(ctx, ctx.denyCode);
  } catch (error) {
    // A bug or an unreachable dependency (Redis): generic answer, cause in the log only.
    ctx.error = error;
    ctx.denyCode = 'internal_error';
    sendProblem(ctx, 'internal_error');
  }
  releaseLimits(ctx, deps);
  meter(ctx, deps);
  log(ctx, deps);
}

/** Entry point for one request: the adapter hands over Node's request and response. */
export function handleRequest(req: IncomingMessage, res: ServerResponse, deps: PipelineDeps): Promise<void> {
  return runPipeline(new RequestContext(req, res, performance.now(), Date.now()), deps);
}
