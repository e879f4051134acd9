import { forwardToControlPlane } from '@/lib/forward-to-control-plane';
import { serverEnv } from '@/lib/server-env';

/** Same-origin door to the control plane: every /api/* call is forwarded as is. */
function forward(request: Request): Promise<Response> {
  return forwardToControlPlane(request, serverEnv().CONTROL_PLANE_URL);
}

export const GET = forward;
export const HEAD = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
