import { parseEnv } from '@tollgate/config';
import { z } from 'zod';

/** The portal's own env piece: where the control plane answers (server side only). */
const portalServerEnv = z.object({
  CONTROL_PLANE_URL: z
    .url()
    .default('http://127.0.0.1:3001')
    .describe('Base URL of the control plane; the portal proxies /api/* there'),
});

let parsed: z.output<typeof portalServerEnv> | undefined;

/** Parsed on first use, i.e. at runtime rather than at build time. */
export function serverEnv(): z.output<typeof portalServerEnv> {
  parsed ??= parseEnv(portalServerEnv);
  return parsed;
}
