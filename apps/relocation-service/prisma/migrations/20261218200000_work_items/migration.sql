-- 待办 (issue 15 §1, ADR 0019): each case mirrors the action a person must do next (the case workflow's pending human
-- action: in construction the supervisor's milestone or the county office's tranche approval), when it began and the
-- deadline misses recorded at it, written by the activities that audit the case's entries. Cases there already take
-- the action their step names (construction: none until its next recorded change, the step alone does not say whose
-- it is) and their last recorded change as its start (the reclamation: the move-in day, as the rules count it).
ALTER TABLE "relocation_case" ADD COLUMN     "escalated_at" TIMESTAMPTZ(3),
ADD COLUMN     "escalated_level" TEXT,
ADD COLUMN     "escalated_role" TEXT,
ADD COLUMN     "escalation_times" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pending_action" TEXT,
ADD COLUMN     "step_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE INDEX "relocation_case_pending_action_idx" ON "relocation_case"("pending_action");

UPDATE "relocation_case" c SET
  "pending_action" = CASE
    WHEN c."status" IN ('withdrawn', 'refused', 'completed') THEN NULL
    WHEN c."status" IN ('consented', 'planned') THEN 'plan'
    WHEN c."step" IN ('township_review', 'county_approval', 'reclamation', 'follow_up') THEN c."step"
    WHEN c."step" = 'home_accepted' THEN 'move_in'
    WHEN c."step" = 'lump_sum' THEN 'tranche_approval'
  END,
  "step_since" = CASE
    WHEN c."step" = 'reclamation' AND c."moved_in_on" IS NOT NULL THEN c."moved_in_on"::timestamp AT TIME ZONE 'UTC'
    ELSE COALESCE(
      (SELECT max(a."occurred_at") FROM "audit_record" a
        WHERE a."subject_type" = 'relocation_case' AND a."subject_id" = c."id"::text
          AND a."action" <> 'relocation.deadline_missed'),
      c."created_at")
  END;
