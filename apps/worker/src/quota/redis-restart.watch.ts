import type { Redis } from 'ioredis';

/**
 * Calls `onRestart` when Redis's `run_id` changes: a restarted Redis may have lost the quota
 * counters (with `appendonly no`, or writes inside the fsync window), so the worker rebuilds
 * them at once instead of waiting for the periodic run. Polls; stops with the returned function.
 */
export function watchRedisRestarts(
  redis: Redis,
  onRestart: () => Promise<void>,
  options: { intervalMs: number; onError: (error: unknown) => void },
): () => void {
  let known: string | null = null;
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const runId = /run_id:(\w+)/.exec(await redis.info('server'))?.[1] ?? null;
      if (runId !== null && known !== null && runId !== known) await onRestart();
      if (runId !== null) known = runId;
    } catch (error) {
      options.onError(error);
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
