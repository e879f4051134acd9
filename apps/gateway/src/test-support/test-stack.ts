import {
  createTenant,
  createTestDatabase,
  createTestRedisPrefix,
  type TestDatabase,
  type TestRedisPrefix,
} from '@tollgate/testing';

/** What an integration test file runs a gateway on: its own database and Redis prefix, and one tenant. */
export interface TestStack {
  db: TestDatabase;
  redisPrefix: TestRedisPrefix;
  tenant: { id: string; slug: string };
  /** Cleans the Redis prefix and drops the database (close the gateway first). */
  close(): Promise<void>;
}

/**
 * ```ts
 * stack = await createTestStack();
 * gw = await startTestGateway({ db: stack.db, redisPrefix: stack.redisPrefix, snapshot: echoSnapshot(stack.tenant, url) });
 * // afterAll: await gw?.close(); await stack?.close();
 * ```
 */
export async function createTestStack(): Promise<TestStack> {
  const db = await createTestDatabase();
  const redisPrefix = createTestRedisPrefix();
  const close = async () => {
    await redisPrefix.cleanup();
    await db.drop();
  };
  try {
    const tenant = await createTenant(db.prisma);
    return { db, redisPrefix, tenant, close };
  } catch (error) {
    await close();
    throw error;
  }
}
