-- CreateEnum
CREATE TYPE "config_release_kind" AS ENUM ('auto', 'manual', 'rollback');

-- AlterTable
ALTER TABLE "config_versions" ADD COLUMN     "changes" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "kind" "config_release_kind" NOT NULL DEFAULT 'auto';
