import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { swapResealed } from './swap-resealed.js';

let t: TestApp;
let tenantId: string;

const eventsOf = (targetId: string) =>
  t.db.prisma.auditEvent.findMany({
    where: { targetId },
    select: { action: true, actorType: true, actorId: true },
  });

const swap = (target: string, swapped: () => Promise<boolean>) =>
  swapResealed(t.app.get(Transactions), t.app.get(AuditLog), swapped, {
    tenantId,
    action: 'test.secret_resealed',
    target: { type: 'test', id: target },
  });

beforeAll(async () => {
  t = await startTestApp();
  ({ tenantId } = await t.client().signup('swap-resealed'));
});
afterAll(async () => {
  await t?.close();
});

describe('swapResealed', () => {
  it('swap-resealed.ok: a swap that lands is recorded as the system, in its transaction', async () => {
    let inTransaction = false;
    const done = await swap('tst_ok', async () => {
      inTransaction = t.app.get(Transactions).active;
      return true;
    });
    expect(done).toBe(true);
    expect(inTransaction).toBe(true);
    expect(await eventsOf('tst_ok')).toEqual([
      { action: 'test.secret_resealed', actorType: 'system', actorId: null },
    ]);
  });

  it('swap-resealed.lost: a row changed since it was read (the swap finds nothing) records nothing', async () => {
    expect(await swap('tst_lost', async () => false)).toBe(false);
    expect(await eventsOf('tst_lost')).toEqual([]);
  });
});
