-- AlterTable
ALTER TABLE "plans" ADD COLUMN     "alert_threshold_percents" INTEGER[] DEFAULT ARRAY[50, 80, 100]::INTEGER[];

-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "previous_secret_encrypted" TEXT,
ADD COLUMN     "previous_secret_expires_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "alert_states" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "subscription_id" TEXT NOT NULL,
    "consumer_id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'quota',
    "threshold_percent" INTEGER NOT NULL,
    "quota" INTEGER NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "used_calls" INTEGER NOT NULL,
    "event_id" TEXT NOT NULL,
    "fired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_reason" TEXT,
    "resolved_event_id" TEXT,

    CONSTRAINT "alert_states_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_delivery_attempts" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "manual" BOOLEAN NOT NULL DEFAULT false,
    "response_status" INTEGER,
    "response_body_excerpt" TEXT,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_states_tenant_id_resolved_at_idx" ON "alert_states"("tenant_id", "resolved_at");

-- CreateIndex
CREATE INDEX "alert_states_consumer_id_resolved_at_idx" ON "alert_states"("consumer_id", "resolved_at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_states_subscription_id_kind_period_start_quota_thresh_key" ON "alert_states"("subscription_id", "kind", "period_start", "quota", "threshold_percent");

-- CreateIndex
CREATE INDEX "webhook_delivery_attempts_tenant_id_idx" ON "webhook_delivery_attempts"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_attempts_delivery_id_attempt_key" ON "webhook_delivery_attempts"("delivery_id", "attempt");

-- AddForeignKey
ALTER TABLE "alert_states" ADD CONSTRAINT "alert_states_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_states" ADD CONSTRAINT "alert_states_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "webhook_delivery_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
