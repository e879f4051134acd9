export interface TestEnv {
  /** A role that may create and drop databases; test databases live on this server. */
  TEST_DATABASE_ADMIN_URL: string;
  /** Redis shared by test runs; each run keeps to its own key prefix. */
  TEST_REDIS_URL: string;
}

/** Where integration tests find Postgres and Redis (`env` defaults to `process.env`). */
export function testEnv(env: Record<string, string | undefined> = process.env): TestEnv {
  return {
    TEST_DATABASE_ADMIN_URL: env.TEST_DATABASE_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres',
    TEST_REDIS_URL: env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
  };
}
