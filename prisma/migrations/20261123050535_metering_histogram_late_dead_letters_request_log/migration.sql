-- AlterTable
ALTER TABLE "usage_rollups" ADD COLUMN     "latency_buckets" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "latency_counts" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- CreateTable
CREATE TABLE "late_usage_events" (
    "event_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "key_id" TEXT NOT NULL DEFAULT '',
    "subscription_id" TEXT NOT NULL DEFAULT '',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "billable" BOOLEAN NOT NULL,
    "quota_counted" BOOLEAN NOT NULL,
    "event" JSONB NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "late_usage_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "usage_dead_letters" (
    "batch_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "gateway_id" TEXT NOT NULL DEFAULT '',
    "event_id" TEXT,
    "reason" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "raw_event" JSONB NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_dead_letters_pkey" PRIMARY KEY ("batch_id","position")
);

-- CreateIndex
CREATE INDEX "late_usage_events_tenant_id_period_end_idx" ON "late_usage_events"("tenant_id", "period_end");

-- CreateIndex
CREATE INDEX "late_usage_events_batch_id_idx" ON "late_usage_events"("batch_id");

-- CreateIndex
CREATE INDEX "usage_dead_letters_recorded_at_idx" ON "usage_dead_letters"("recorded_at");

-- Hand-written below this line (Prisma cannot express it: request_log is declared external
-- in packages/db externalTables and prisma.config.ts, so the drift check ignores it).
-- No semicolons or quotes inside comments: the schema engine splits the script on semicolons.

-- No CHECK constraints either: the describer of our WebAssembly schema engine panics on them.

-- The request log moves from a plain Prisma table to a table partitioned by day. It held
-- only rows within retention and nothing wrote to it yet, so it is replaced, not copied.
DROP TABLE "request_log";

-- One row per usage event. Day partitions request_log_pYYYYMMDD are created ahead (and on
-- demand) by the worker and dropped whole after retention. The event id is unique per
-- partition: the primary key includes the partition key.
CREATE TABLE "request_log" (
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "api_id" TEXT,
    "route_id" TEXT,
    "key_id" TEXT,
    "consumer_id" TEXT,
    "subscription_id" TEXT,
    "environment" TEXT,
    "method" TEXT NOT NULL,
    "host" TEXT,
    "path" TEXT NOT NULL,
    "api_version" TEXT,
    "client_ip" TEXT,
    "status" SMALLINT NOT NULL,
    "latency_ms" DOUBLE PRECISION NOT NULL,
    "deny_code" TEXT,
    "deny_stage" TEXT,
    "quota_counted" BOOLEAN NOT NULL,
    "billable" BOOLEAN NOT NULL,

    CONSTRAINT "request_log_pkey" PRIMARY KEY ("occurred_at", "id")
) PARTITION BY RANGE ("occurred_at");

-- Support lookup by request id, recent requests of a tenant, denial review.
CREATE INDEX "request_log_request_id_idx" ON "request_log" ("request_id");
CREATE INDEX "request_log_tenant_id_occurred_at_idx" ON "request_log" ("tenant_id", "occurred_at");
CREATE INDEX "request_log_tenant_id_deny_code_occurred_at_idx" ON "request_log" ("tenant_id", "deny_code", "occurred_at")
    WHERE "deny_code" IS NOT NULL;
