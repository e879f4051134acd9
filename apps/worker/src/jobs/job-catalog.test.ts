import { notificationsQueue, queueNames, requestLogMaintainJob, usageRollupJob } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { catalogQueues, isJobName, jobCatalog, jobOptions } from './job-catalog.js';

describe('jobCatalog', () => {
  it('puts usage.rollup on the usage queue with the usage batch contract', () => {
    const definition = jobCatalog[usageRollupJob];
    expect(definition.name).toBe('usage.rollup');
    expect(definition.queue).toBe(queueNames.usage);
    expect(definition.payload.safeParse({ batchId: 'bat_1', gatewayId: 'gw', events: [] }).success).toBe(
      false,
    );
    expect(definition.payload.safeParse({ gatewayId: 'gw', events: [{}] }).success).toBe(false);
  });

  it('accepts a batch envelope whose events are checked one by one later', () => {
    const parsed = jobCatalog[usageRollupJob].payload.safeParse({
      batchId: 'bat_1',
      gatewayId: 'gw',
      events: [{ id: 'evt_bad' }],
    });
    expect(parsed.success).toBe(true);
  });

  it('names every job <domain>.<action> after its key', () => {
    for (const [name, definition] of Object.entries(jobCatalog)) {
      expect(definition.name).toBe(name);
      expect(name).toMatch(/^[a-z]+\.[a-z-]+$/);
    }
  });

  it('gives producers the retry policy and the job id', () => {
    expect(jobOptions(usageRollupJob, 'bat_1')).toMatchObject({
      jobId: 'bat_1',
      attempts: jobCatalog[usageRollupJob].attempts,
      backoff: { type: 'exponential', delay: jobCatalog[usageRollupJob].backoff.delayMs },
    });
  });

  it('groups jobs by queue and knows its names', () => {
    expect([...catalogQueues().keys()]).toEqual([
      queueNames.usage,
      queueNames.maintenance,
      notificationsQueue,
    ]);
    expect(isJobName(usageRollupJob)).toBe(true);
    expect(isJobName(requestLogMaintainJob)).toBe(true);
    expect(isJobName('toString')).toBe(false);
  });
});
