import { newId } from '@tollgate/contracts';
import { createTestDatabase, createUser, type TestDatabase } from '@tollgate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ExpiredSessions } from './expired-sessions.repository.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

it('prunes sessions expired before the cut-off, in batches, and keeps the live ones', async () => {
  const { prisma } = database;
  const user = await createUser(prisma);
  const now = Date.now();
  const session = (expiresAt: number) => ({
    id: newId('session'),
    userId: user.id,
    expiresAt: new Date(expiresAt),
  });
  await prisma.session.createMany({
    data: [
      ...Array.from({ length: 7 }, (_, i) => session(now - (i + 1) * 60_000)),
      session(now + 3_600_000),
      session(now + 60_000),
    ],
  });

  expect(await new ExpiredSessions(prisma).prune(new Date(now), 3)).toBe(7);
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2);
  expect(await new ExpiredSessions(prisma).prune(new Date(now), 3)).toBe(0);
});
