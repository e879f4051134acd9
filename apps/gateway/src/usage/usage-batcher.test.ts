import type { UsageBatch } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { usageEventFixture } from '../test-support/fixtures.js';
import { batchIdOf, UsageBatcher } from './usage-batcher.js';

const event = usageEventFixture;

const options = { flushIntervalMs: 60_000, maxEvents: 3, maxPendingBatches: 2, sendTimeoutMs: 1_000 };

describe('UsageBatcher', () => {
  it('derives the batch id from the event ids, deterministically', () => {
    const a = batchIdOf([event('evt_1'), event('evt_2')]);
    expect(a).toMatch(/^bat_[0-9a-f]{64}$/);
    expect(batchIdOf([event('evt_1'), event('evt_2')])).toBe(a);
    expect(batchIdOf([event('evt_2'), event('evt_1')])).not.toBe(a);
  });

  it('sends a batch as soon as it is full, without waiting for the timer', async () => {
    const sent: UsageBatch[] = [];
    const batcher = new UsageBatcher(async (batch) => void sent.push(batch), 'gw-1', options);
    for (const id of ['e1', 'e2', 'e3']) batcher.add(event(id));
    await Promise.resolve();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(sent[0]?.gatewayId).toBe('gw-1');
  });

  it('flushes on the timer', async () => {
    const sent: UsageBatch[] = [];
    const batcher = new UsageBatcher(async (batch) => void sent.push(batch), 'gw-1', {
      ...options,
      flushIntervalMs: 10,
    });
    batcher.start();
    batcher.add(event('e1'));
    await new Promise((resolve) => setTimeout(resolve, 40));
    await batcher.stop();
    expect(sent).toHaveLength(1);
  });

  it('keeps a refused batch, with the same id, and sends it on the next flush', async () => {
    const sent: UsageBatch[] = [];
    let fail = true;
    const errors: unknown[] = [];
    const batcher = new UsageBatcher(
      async (batch) => {
        if (fail) throw new Error('redis down');
        sent.push(batch);
      },
      'gw-1',
      options,
      (error) => errors.push(error),
    );
    batcher.add(event('e1'));
    await batcher.flush();
    expect(errors).toHaveLength(1);
    expect(batcher.backlog).toBe(1);
    fail = false;
    await batcher.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.batchId).toBe(batchIdOf([event('e1')]));
    expect(batcher.backlog).toBe(0);
  });

  it('sends what is left on stop', async () => {
    const sent: UsageBatch[] = [];
    const batcher = new UsageBatcher(async (batch) => void sent.push(batch), 'gw-1', options);
    batcher.start();
    batcher.add(event('e1'));
    await batcher.stop();
    expect(sent).toHaveLength(1);
  });
});
