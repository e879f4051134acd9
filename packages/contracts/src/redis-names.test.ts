import { describe, expect, it } from 'vitest';
import { bullPrefix, queueNames, redisChannels, redisKeys, usageRollupJob } from './redis-names.js';

describe('redis names', () => {
  it('prefix.ok: every key and channel lives under the deployment prefix', () => {
    const prefix = 'tg:run-7:';
    const names = [
      redisKeys.keyIndex(prefix, 'abc'),
      redisKeys.liveConfigVersion(prefix, 'tnt_1'),
      redisKeys.gatewayHeartbeat(prefix, 'gw-1'),
      redisKeys.gatewayHeartbeats(prefix),
      redisChannels.configPublished(prefix),
      redisChannels.keyInvalidated(prefix),
      bullPrefix(prefix),
    ];
    for (const name of names) expect(name.startsWith(prefix)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('ok: the agreed names', () => {
    expect(redisKeys.keyIndex('tg:', 'h')).toBe('tg:key:h');
    expect(redisKeys.liveConfigVersion('tg:', 'tnt_1')).toBe('tg:config:live:tnt_1');
    expect(bullPrefix('tg:')).toBe('tg:bull');
    expect(queueNames.usage).toBe('usage');
    expect(usageRollupJob).toMatch(/^[a-z-]+\.[a-z-]+$/);
  });
});
