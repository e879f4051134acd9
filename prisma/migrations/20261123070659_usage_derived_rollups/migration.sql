-- CreateTable
CREATE TABLE "usage_rollups_hourly" (
    "tenant_id" TEXT NOT NULL,
    "api_id" TEXT NOT NULL DEFAULT '',
    "key_id" TEXT NOT NULL DEFAULT '',
    "route_id" TEXT NOT NULL DEFAULT '',
    "subscription_id" TEXT NOT NULL DEFAULT '',
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "status_class" INTEGER NOT NULL,
    "calls" BIGINT NOT NULL DEFAULT 0,
    "billable_calls" BIGINT NOT NULL DEFAULT 0,
    "quota_calls" BIGINT NOT NULL DEFAULT 0,
    "denied_calls" BIGINT NOT NULL DEFAULT 0,
    "latency_ms_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latency_buckets" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "latency_counts" BIGINT[] DEFAULT ARRAY[]::BIGINT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_rollups_hourly_pkey" PRIMARY KEY ("tenant_id","hour","api_id","key_id","route_id","status_class")
);

-- CreateTable
CREATE TABLE "usage_rollups_daily" (
    "tenant_id" TEXT NOT NULL,
    "api_id" TEXT NOT NULL DEFAULT '',
    "key_id" TEXT NOT NULL DEFAULT '',
    "route_id" TEXT NOT NULL DEFAULT '',
    "subscription_id" TEXT NOT NULL DEFAULT '',
    "day" TIMESTAMPTZ(3) NOT NULL,
    "status_class" INTEGER NOT NULL,
    "calls" BIGINT NOT NULL DEFAULT 0,
    "billable_calls" BIGINT NOT NULL DEFAULT 0,
    "quota_calls" BIGINT NOT NULL DEFAULT 0,
    "denied_calls" BIGINT NOT NULL DEFAULT 0,
    "latency_ms_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latency_buckets" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "latency_counts" BIGINT[] DEFAULT ARRAY[]::BIGINT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_rollups_daily_pkey" PRIMARY KEY ("tenant_id","day","api_id","key_id","route_id","status_class")
);

-- CreateTable
CREATE TABLE "usage_route_rollups_hourly" (
    "tenant_id" TEXT NOT NULL,
    "api_id" TEXT NOT NULL DEFAULT '',
    "route_id" TEXT NOT NULL DEFAULT '',
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "status_class" INTEGER NOT NULL,
    "calls" BIGINT NOT NULL DEFAULT 0,
    "billable_calls" BIGINT NOT NULL DEFAULT 0,
    "quota_calls" BIGINT NOT NULL DEFAULT 0,
    "denied_calls" BIGINT NOT NULL DEFAULT 0,
    "latency_ms_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latency_buckets" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "latency_counts" BIGINT[] DEFAULT ARRAY[]::BIGINT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_route_rollups_hourly_pkey" PRIMARY KEY ("tenant_id","hour","api_id","route_id","status_class")
);

-- CreateTable
CREATE TABLE "usage_route_rollups_daily" (
    "tenant_id" TEXT NOT NULL,
    "api_id" TEXT NOT NULL DEFAULT '',
    "route_id" TEXT NOT NULL DEFAULT '',
    "day" TIMESTAMPTZ(3) NOT NULL,
    "status_class" INTEGER NOT NULL,
    "calls" BIGINT NOT NULL DEFAULT 0,
    "billable_calls" BIGINT NOT NULL DEFAULT 0,
    "quota_calls" BIGINT NOT NULL DEFAULT 0,
    "denied_calls" BIGINT NOT NULL DEFAULT 0,
    "latency_ms_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latency_buckets" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "latency_counts" BIGINT[] DEFAULT ARRAY[]::BIGINT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_route_rollups_daily_pkey" PRIMARY KEY ("tenant_id","day","api_id","route_id","status_class")
);

-- CreateTable
CREATE TABLE "usage_derivation_state" (
    "name" TEXT NOT NULL,
    "derived_through" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_derivation_state_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "usage_dirty_hours" (
    "tenant_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "marked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_dirty_hours_pkey" PRIMARY KEY ("tenant_id","hour")
);

-- CreateIndex
CREATE INDEX "usage_rollups_hourly_tenant_id_key_id_hour_idx" ON "usage_rollups_hourly"("tenant_id", "key_id", "hour");

-- CreateIndex
CREATE INDEX "usage_rollups_daily_tenant_id_key_id_day_idx" ON "usage_rollups_daily"("tenant_id", "key_id", "day");
