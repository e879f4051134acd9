import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UsageBatch } from '@tollgate/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usageEventFixture } from '../test-support/fixtures.js';
import { batchIdOf, UsageBatcher } from './usage-batcher.js';
import { UsageSpool } from './usage-spool.js';

const event = usageEventFixture;

function batch(...ids: string[]): UsageBatch {
  const events = ids.map(event);
  return { batchId: batchIdOf(events), gatewayId: 'gw-1', events };
}

const options = { flushIntervalMs: 60_000, maxEvents: 100, maxPendingBatches: 10, sendTimeoutMs: 200 };

describe('UsageSpool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-spool-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps batches as files, oldest first, and forgets removed ones', async () => {
    const spool = new UsageSpool({ dir, maxBytes: 1_000_000 });
    await spool.init();
    expect(await spool.write(batch('a'))).toBe(true);
    expect(await spool.write(batch('b'))).toBe(true);
    const listed = await spool.list();
    expect(listed).toHaveLength(2);
    expect((await spool.read(listed[0]!))?.batchId).toBe(batch('a').batchId);
    await spool.remove(listed[0]!);
    expect(spool.count).toBe(1);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a batch that would pass the size bound', async () => {
    const spool = new UsageSpool({ dir, maxBytes: 600 });
    await spool.init();
    expect(await spool.write(batch('a'))).toBe(true);
    expect(await spool.write(batch('b'))).toBe(false);
    expect(spool.count).toBe(1);
  });

  it('drops leftover temporary files at init and moves unreadable batches aside', async () => {
    await writeFile(join(dir, 'x.json.1.abc.tmp'), 'partial');
    await writeFile(join(dir, '000000000000001-000000-bat_bad.json'), '{not json');
    const spool = new UsageSpool({ dir, maxBytes: 1_000_000 });
    await spool.init();
    const [bad] = await spool.list();
    expect(await spool.read(bad!)).toBeNull();
    expect((await readdir(dir)).sort()).toEqual(['000000000000001-000000-bat_bad.json.invalid']);
  });
});

describe('UsageBatcher with a spool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-spool-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('spools what the queue refuses and replays it, oldest first, once the queue answers', async () => {
    const sent: UsageBatch[] = [];
    let down = true;
    const spooled: string[] = [];
    const replayed: number[] = [];
    const batcher = new UsageBatcher(
      async (b) => {
        if (down) throw new Error('redis down');
        sent.push(b);
      },
      'gw-1',
      options,
      { spooled: (b) => spooled.push(b.batchId), replayed: (n) => replayed.push(n) },
      new UsageSpool({ dir, maxBytes: 1_000_000 }),
    );
    batcher.start();
    batcher.add(event('e1'));
    await batcher.flush();
    batcher.add(event('e2'));
    await batcher.flush();
    expect(spooled).toHaveLength(2);
    expect(batcher.backlog).toBe(0);
    expect(batcher.spooled).toBe(2);
    down = false;
    batcher.add(event('e3'));
    await batcher.flush();
    expect(sent.map((b) => b.events[0]?.id)).toEqual(['e3', 'e1', 'e2']);
    expect(replayed).toEqual([2]);
    expect(batcher.spooled).toBe(0);
    await batcher.stop();
  });

  it('replays what an earlier run left in the spool even without new traffic', async () => {
    const first = new UsageSpool({ dir, maxBytes: 1_000_000 });
    await first.init();
    await first.write(batch('old'));
    const sent: UsageBatch[] = [];
    const batcher = new UsageBatcher(
      async (b) => void sent.push(b),
      'gw-2',
      options,
      {},
      new UsageSpool({ dir, maxBytes: 1_000_000 }),
    );
    batcher.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await batcher.flush();
    expect(sent.map((b) => b.batchId)).toEqual([batch('old').batchId]);
    await batcher.stop();
  });

  it('treats a send that never confirms as failed and spools it', async () => {
    const batcher = new UsageBatcher(
      () => new Promise<void>(() => {}),
      'gw-1',
      options,
      {},
      new UsageSpool({ dir, maxBytes: 1_000_000 }),
    );
    batcher.start();
    batcher.add(event('e1'));
    await batcher.flush();
    expect(batcher.spooled).toBe(1);
  });

  it('keeps a batch in memory when the spool is full', async () => {
    const refused: unknown[] = [];
    const batcher = new UsageBatcher(
      () => Promise.reject(new Error('down')),
      'gw-1',
      options,
      { spoolRefused: (_b, cause) => refused.push(cause) },
      new UsageSpool({ dir, maxBytes: 10 }),
    );
    batcher.start();
    batcher.add(event('e1'));
    await batcher.flush();
    expect(refused).toHaveLength(1);
    expect(batcher.backlog).toBe(1);
  });
});
