-- DropIndex
DROP INDEX "apis_tenant_id_base_path_key";

-- AlterTable
ALTER TABLE "apis" ADD COLUMN     "policies" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "signing_secrets" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "version_by" TEXT,
ADD COLUMN     "version_default" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "version_name" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "identity_providers" (
    "tenant_id" TEXT NOT NULL,
    "jwt" JSONB,
    "oauth2" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "identity_providers_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "apis_tenant_id_base_path_version_name_key" ON "apis"("tenant_id", "base_path", "version_name");

-- AddForeignKey
ALTER TABLE "identity_providers" ADD CONSTRAINT "identity_providers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
