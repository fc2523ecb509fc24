-- 待办 (issue 15 §1, ADR 0019): a loan and a project's funds keep when they reached their step, written with the
-- audit of the entry that moved them, so the bank, the village and the county offices find what waits for them. Their
-- steps have no deadlines (nothing is escalated), so the step is all the mirror needs besides. Rows already there take
-- the last entry that moved the loan (its history) and the project's last recorded checkpoint (its audit trail).
ALTER TABLE "microcredit_loan" ADD COLUMN     "step_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

ALTER TABLE "project_funds" ADD COLUMN     "step_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE INDEX "project_funds_step_idx" ON "project_funds"("step");

UPDATE "microcredit_loan" l SET "step_since" = COALESCE(
  (SELECT (h.e ->> 'at')::timestamptz FROM jsonb_array_elements(l."history") WITH ORDINALITY AS h(e, n)
    WHERE h.e ->> 'to' IS DISTINCT FROM h.e ->> 'from' ORDER BY h.n DESC LIMIT 1),
  l."created_at");
UPDATE "project_funds" f SET "step_since" = COALESCE(
  (SELECT max(a."occurred_at") FROM "audit_record" a
    WHERE a."subject_type" = 'project_funds' AND a."subject_id" = f."project_id"::text),
  f."started_at");
