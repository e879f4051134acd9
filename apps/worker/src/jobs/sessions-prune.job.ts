import type { sessionsPruneJob } from '@tollgate/contracts';
import type { ExpiredSessions } from '../sessions/expired-sessions.repository.js';
import type { JobHandler } from './job-processor.js';

/** `sessions.prune` (daily): expired sessions are deleted, so the table holds only live ones. */
export function createSessionsPruneJob(options: {
  sessions: ExpiredSessions;
  now?: () => number;
}): JobHandler<typeof sessionsPruneJob> {
  const now = options.now ?? Date.now;
  return async (_payload, { logger }): Promise<{ deleted: number }> => {
    const deleted = await options.sessions.prune(new Date(now()));
    logger.info({ deleted }, 'expired sessions pruned');
    return { deleted };
  };
}
