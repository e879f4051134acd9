-- AlterTable
ALTER TABLE "config_versions" ADD COLUMN     "dry_run" JSONB;
