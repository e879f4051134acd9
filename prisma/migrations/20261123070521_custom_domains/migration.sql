-- CreateEnum
CREATE TYPE "custom_domain_status" AS ENUM ('pending', 'verified');

-- CreateTable
CREATE TABLE "custom_domains" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "status" "custom_domain_status" NOT NULL DEFAULT 'pending',
    "verification_token" TEXT NOT NULL,
    "verified_at" TIMESTAMPTZ(3),
    "cert_pem" TEXT,
    "key_sealed" JSONB,
    "cert_subject" TEXT,
    "cert_sans" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cert_not_before" TIMESTAMPTZ(3),
    "cert_not_after" TIMESTAMPTZ(3),
    "cert_fingerprint" TEXT,
    "cert_uploaded_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "custom_domains_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "custom_domains_hostname_key" ON "custom_domains"("hostname");

-- CreateIndex
CREATE INDEX "custom_domains_tenant_id_idx" ON "custom_domains"("tenant_id");

-- AddForeignKey
ALTER TABLE "custom_domains" ADD CONSTRAINT "custom_domains_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
