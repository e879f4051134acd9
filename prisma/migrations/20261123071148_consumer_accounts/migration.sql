-- AlterEnum
ALTER TYPE "audit_actor_type" ADD VALUE 'consumer';

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "consumer_account_id" TEXT,
ALTER COLUMN "user_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "consumer_accounts" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "consumer_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "consumer_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "consumer_accounts_consumer_id_key" ON "consumer_accounts"("consumer_id");

-- CreateIndex
CREATE UNIQUE INDEX "consumer_accounts_tenant_id_email_key" ON "consumer_accounts"("tenant_id", "email");

-- CreateIndex
CREATE INDEX "sessions_consumer_account_id_idx" ON "sessions"("consumer_account_id");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_consumer_account_id_fkey" FOREIGN KEY ("consumer_account_id") REFERENCES "consumer_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consumer_accounts" ADD CONSTRAINT "consumer_accounts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consumer_accounts" ADD CONSTRAINT "consumer_accounts_consumer_id_fkey" FOREIGN KEY ("consumer_id") REFERENCES "consumers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
