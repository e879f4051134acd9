-- CreateTable
CREATE TABLE "usage_reconciliation_findings" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "subscription_id" TEXT NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "gateway_count" INTEGER NOT NULL,
    "rollup_count" INTEGER NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_reconciliation_findings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "usage_reconciliation_findings_tenant_id_detected_at_idx" ON "usage_reconciliation_findings"("tenant_id", "detected_at");

-- CreateIndex
CREATE UNIQUE INDEX "usage_reconciliation_findings_subscription_id_period_start__key" ON "usage_reconciliation_findings"("subscription_id", "period_start", "kind");
