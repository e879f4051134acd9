import { emissionIntervalMs, gcraAdmit, type RateLimit } from '@tollgate/contracts';
import { createTestRedisPrefix, type TestRedisPrefix } from '@tollgate/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitOutcome, limitScript } from './limit-script.js';

/**
 * The release dry run decides rate limits with `gcraAdmit` (@tollgate/contracts); the gateway
 * with its Redis script. Both are driven here with the same request instants and must admit
 * and deny the same requests, through the script's per-caller bucket and its API-wide one.
 *
 * The script reads Redis's clock (`TIME`). Here it runs with that one line swapped for a
 * clock the test sets (ARGV 7 and 8: seconds and microseconds, the shape TIME answers), so
 * the script still computes `now` with its own formula and both sides see the very same
 * instants. The script the gateway loads is left as it is.
 *
 * Each sequence goes to Redis as one pipeline: the script's keys expire on Redis's real clock
 * (`PX` of at least T + 1 ms), so every emission interval here is far longer than a pipeline
 * takes, and no key expires between two requests of a sequence.
 */

const clockLine = "local t = redis.call('TIME')";
const scriptAtTestClock = limitScript.replace(clockLine, 'local t = {ARGV[7], ARGV[8]}');

/** 2026-01-01T00:00:00Z in µs: instants at the scale the gateway sees them. */
const epochMicros = 1_767_225_600_000_000;

type Bucket = 'rate' | 'api';

/** One request instant as Redis's TIME gives it, and `now` in ms as the script computes it. */
function instant(micros: number) {
  const seconds = Math.floor(micros / 1_000_000);
  const micro = micros % 1_000_000;
  return { seconds, micro, nowMs: seconds * 1000 + micro / 1000 };
}

/** Decisions of the JS mirror over the instants, from an idle bucket. */
function mirrorDecisions(micros: number[], rate: RateLimit): boolean[] {
  const emissionMs = emissionIntervalMs(rate);
  let tat = 0;
  return micros.map((at) => {
    const step = gcraAdmit(tat, instant(at).nowMs, emissionMs, rate.burst);
    tat = step.tat;
    return step.admitted;
  });
}

/** mulberry32: a small seeded generator, so a failing sequence can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `count` request instants in steps of `unitMicros` (1000: whole ms, as the dry run replays
 * recorded timestamps; 1: the µs of Redis's clock): simultaneous requests, gaps shorter and
 * longer than T, idle spells, and many requests landing on the instant the mirror would next
 * admit, one unit before or one after.
 */
function randomInstants(rate: RateLimit, seed: number, count: number, unitMicros: number): number[] {
  const random = seeded(seed);
  const emissionMs = emissionIntervalMs(rate);
  const units = (ms: number) => Math.round((ms * 1000) / unitMicros) * unitMicros;
  const instants: number[] = [];
  let at = epochMicros + units(random() * 1000);
  let tat = 0;
  for (let i = 0; i < count; i++) {
    instants.push(at);
    tat = gcraAdmit(tat, instant(at).nowMs, emissionMs, rate.burst).tat;
    const pick = random();
    if (pick < 0.2) continue;
    if (pick < 0.45) at += units(random() * emissionMs);
    else if (pick < 0.55) at += units(emissionMs * (1 + 2 * random()));
    else if (pick < 0.553) at += units(emissionMs * (rate.burst + 1 + random() * 3));
    else {
      // Next admission: max(tat, now) + T − T·burst ≤ now, i.e. now ≥ tat − T·(burst − 1).
      const next = units(tat - emissionMs * (rate.burst - 1) - epochMicros / 1000) + epochMicros;
      at = Math.max(at, next + unitMicros * (Math.floor(random() * 3) - 1));
    }
  }
  return instants;
}

describe('GCRA parity: the release dry run mirror and the limit script on real Redis', () => {
  let redisPrefix: TestRedisPrefix;
  let redis: Redis;
  let sha: string;
  let sequence = 0;

  beforeAll(async () => {
    redisPrefix = createTestRedisPrefix();
    redis = new Redis(redisPrefix.redisUrl);
    sha = (await redis.script('LOAD', scriptAtTestClock)) as string;
  });

  afterAll(async () => {
    redis?.disconnect();
    await redisPrefix?.cleanup();
  });

  /** The script's decisions over the instants, from a fresh key, for the caller or the API-wide bucket. */
  async function scriptDecisions(micros: number[], rate: RateLimit, bucket: Bucket): Promise<boolean[]> {
    const key = `${redisPrefix.prefix}parity:${++sequence}`;
    const emissionMs = emissionIntervalMs(rate);
    const limits = bucket === 'rate' ? [emissionMs, rate.burst, 0, 0] : [0, 0, emissionMs, rate.burst];
    const pipeline = redis.pipeline();
    for (const at of micros) {
      const { seconds, micro } = instant(at);
      pipeline.evalsha(sha, 1, key, ...limits, -1, 0, seconds, micro);
    }
    const denied = bucket === 'rate' ? limitOutcome.rateLimited : limitOutcome.apiLimited;
    return ((await pipeline.exec()) ?? []).map(([error, result]) => {
      if (error) throw error;
      const outcome = (result as number[])[0];
      if (outcome !== limitOutcome.admitted && outcome !== denied) throw new Error(`outcome ${outcome}`);
      return outcome === limitOutcome.admitted;
    });
  }

  /** The first request the two decide differently, with what led to it; null when they agree. */
  async function firstDisagreement(micros: number[], rate: RateLimit, bucket: Bucket) {
    const script = await scriptDecisions(micros, rate, bucket);
    const mirror = mirrorDecisions(micros, rate);
    expect(script).toHaveLength(micros.length);
    const index = script.findIndex((admitted, i) => admitted !== mirror[i]);
    if (index === -1) return null;
    return {
      request: index,
      atMsSinceFirst: instant(micros[index]!).nowMs - instant(micros[0]!).nowMs,
      script: script[index] ? 'admitted' : 'denied',
      mirror: mirror[index] ? 'admitted' : 'denied',
      admittedBefore: script.slice(0, index).filter(Boolean).length,
    };
  }

  const settings: RateLimit[] = [
    { limit: 10, windowSeconds: 1, burst: 5 }, // T = 100 ms
    { limit: 3, windowSeconds: 1, burst: 1 }, // T = 333.33… ms
    { limit: 6, windowSeconds: 1, burst: 2 }, // T = 166.66… ms
    { limit: 9, windowSeconds: 1, burst: 20 }, // T = 111.11… ms
    { limit: 1000, windowSeconds: 60, burst: 50 }, // T = 60 ms
    { limit: 7, windowSeconds: 60, burst: 3 }, // T = 8571.43 ms
    { limit: 100, windowSeconds: 3600, burst: 100 }, // T = 36 s
  ];

  it.each(
    settings.flatMap((rate, i) =>
      (['ms', 'µs'] as const).flatMap((unit) =>
        (['rate', 'api'] as const).map((bucket) => ({ rate, unit, bucket, seed: 7919 * (i + 1) })),
      ),
    ),
  )(
    'gcra.parity: $rate.limit per $rate.windowSeconds s, burst $rate.burst, instants in $unit, $bucket bucket (seed $seed)',
    async ({ rate, unit, bucket, seed }) => {
      const micros = randomInstants(rate, seed, 500, unit === 'ms' ? 1000 : 1);
      // The sequences do exercise both answers.
      const admitted = mirrorDecisions(micros, rate).filter(Boolean).length;
      expect(admitted).toBeGreaterThan(rate.burst);
      expect(500 - admitted).toBeGreaterThan(50);
      expect(await firstDisagreement(micros, rate, bucket)).toBeNull();
    },
  );

  it('gcra.parity-edge: burst from idle, then admitted exactly at the emission interval, denied 1 µs before', async () => {
    const rate = { limit: 10, windowSeconds: 1, burst: 5 }; // T = 100 ms
    const t0 = epochMicros;
    const micros = [t0, t0, t0, t0, t0, t0, t0 + 99_999, t0 + 100_000, t0 + 100_000, t0 + 200_000];
    expect(await scriptDecisions(micros, rate, 'rate')).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
    expect(await firstDisagreement(micros, rate, 'rate')).toBeNull();
  });

  it('gcra.parity-edge: a T that is no whole number of µs (1000/3 ms), at the boundary the script stores', async () => {
    // The script keeps TATs to the µs ('%.3f'): after one call at t0 the next is due at
    // t0 + 333.333 ms on its clock, not t0 + 333.3333… ms.
    const rate = { limit: 3, windowSeconds: 1, burst: 1 };
    const t0 = epochMicros;
    const micros = [t0, t0 + 333_332, t0 + 333_333, t0 + 333_334, t0 + 666_666, t0 + 666_667];
    expect(await scriptDecisions(micros, rate, 'rate')).toEqual([true, false, true, false, true, false]);
    expect(await firstDisagreement(micros, rate, 'rate')).toBeNull();
  });

  it('gcra.parity-edge: a large burst of a 1000/3 ms T, then whole-ms instants at the boundary (as the dry run replays)', async () => {
    // 1,000 calls at once store 1,000 rounded TATs in turn: the boundary moves by the rounding.
    const rate = { limit: 3, windowSeconds: 1, burst: 1000 };
    const t0 = epochMicros;
    const micros = [
      ...Array.from({ length: 1001 }, () => t0),
      ...[332, 333, 334].map((ms) => t0 + ms * 1000),
    ];
    const script = await scriptDecisions(micros, rate, 'rate');
    expect(script.slice(0, 1001)).toEqual([...Array(1000).fill(true), false]);
    expect(await firstDisagreement(micros, rate, 'api')).toBeNull();
    expect(await firstDisagreement(micros, rate, 'rate')).toBeNull();
  });

  it('the clock swap touched only the TIME line of the script', () => {
    expect(limitScript.split(clockLine)).toHaveLength(2);
    expect(scriptAtTestClock.replace('local t = {ARGV[7], ARGV[8]}', clockLine)).toBe(limitScript);
  });
});
