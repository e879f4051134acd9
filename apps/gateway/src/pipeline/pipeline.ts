import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PipelineDeps } from './pipeline-deps.js';
import { RequestContext } from './request-context.js';
import { sendProblem } from './respond.js';
import { authenticate } from './stages/authenticate.stage.js';
import { authorize } from './stages/authorize.stage.js';
import { log } from './stages/log.stage.js';
import { meter } from './stages/meter.stage.js';
import { proxy } from './stages/proxy.stage.js';
import { receive } from './stages/receive.stage.js';
import { resolve } from './stages/resolve.stage.js';

/**
 * The request path, in order, written once. Each stage adds to the context or ends the
 * chain with a denial (it returns true); a denial is answered here as problem+json.
 * Metering and the access line come last, for every request, admitted or denied.
 * Later stages (limit, transform) slot in between authorize and proxy.
 */
export async function runPipeline(ctx: RequestContext, deps: PipelineDeps): Promise<void> {
  try {
    const denied =
      receive(ctx, deps) ||
      resolve(ctx, deps) ||
      (await authenticate(ctx, deps)) ||
      authorize(ctx, deps) ||
      (await proxy(ctx, deps));
    if (denied) sendProblem(ctx, ctx.denyCode!);
  } catch (error) {
    // A bug or an unreachable dependency (Redis): generic answer, cause in the log only.
    ctx.error = error;
    ctx.denyCode = 'internal_error';
    sendProblem(ctx, 'internal_error');
  }
  meter(ctx, deps);
  log(ctx, deps);
}

/** Entry point for one request: the adapter hands over Node's request and response. */
export function handleRequest(req: IncomingMessage, res: ServerResponse, deps: PipelineDeps): Promise<void> {
  return runPipeline(new RequestContext(req, res, performance.now(), Date.now()), deps);
}
