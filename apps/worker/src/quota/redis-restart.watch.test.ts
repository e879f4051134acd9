import type { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { watchRedisRestarts } from './redis-restart.watch.js';

/** A Redis whose `INFO server` reports the run ids given, one per call (the last one repeats). */
function redisWithRunIds(runIds: string[]): Redis {
  let call = 0;
  const info = async () =>
    `# Server\r\nredis_version:7.0.15\r\nrun_id:${runIds[Math.min(call++, runIds.length - 1)]}\r\n`;
  return { info } as unknown as Redis;
}

describe('watchRedisRestarts', () => {
  it('rebuilds once when the run id changes, not at the first sight of Redis', async () => {
    vi.useFakeTimers();
    const onRestart = vi.fn(async () => {});
    const stop = watchRedisRestarts(redisWithRunIds(['aaa', 'aaa', 'bbb', 'bbb']), onRestart, {
      intervalMs: 1_000,
      onError: () => {},
    });
    await vi.advanceTimersByTimeAsync(3_500);
    stop();
    vi.useRealTimers();
    expect(onRestart).toHaveBeenCalledTimes(1);
  });

  it('tries again on the next poll when the rebuild fails (Postgres down)', async () => {
    vi.useFakeTimers();
    const onRestart = vi.fn().mockRejectedValueOnce(new Error('postgres down')).mockResolvedValue(undefined);
    const onError = vi.fn();
    const stop = watchRedisRestarts(redisWithRunIds(['aaa', 'bbb']), onRestart, {
      intervalMs: 1_000,
      onError,
    });
    await vi.advanceTimersByTimeAsync(3_500);
    stop();
    vi.useRealTimers();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onRestart).toHaveBeenCalledTimes(2);
  });
});
