import { z } from 'zod';

/** An http(s) URL; whether its address may be called is the SSRF guard's decision (`UpstreamUrlCheck`). */
export const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }).max(2048);
