-- DropIndex
DROP INDEX "audit_events_tenant_id_created_at_idx";

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "ip_allow" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "ip_deny" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "token_id" TEXT;

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_created_at_id_idx" ON "audit_events"("tenant_id", "created_at", "id");

-- The audit log is append-only: no UPDATE, no TRUNCATE, and no DELETE while the tenant of
-- the row exists. Deleting a tenant still cascades to its events (the FK action runs after the
-- tenant row is gone, so the check below lets those deletes through). Events without a tenant
-- (platform events) stay for good.
-- The migration runner splits statements at every semicolon, even inside quotes, so the
-- function body is an escaped string where \073 (octal) stands for each semicolon.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  IF TG_OP = ''DELETE'' THEN
    IF OLD.tenant_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id) THEN
      RETURN OLD\073
    END IF\073
  END IF\073
  RAISE EXCEPTION ''audit_events is append-only: % refused'', TG_OP
    USING ERRCODE = ''insufficient_privilege''\073
END
';

CREATE TRIGGER audit_events_no_update_delete
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
