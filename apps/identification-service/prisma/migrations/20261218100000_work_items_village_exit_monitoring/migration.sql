-- 待办 (ADR 0019): the village exit and the relapse monitoring period join the inbox. Each row mirrors the step that
-- waits for a person — the county's steps after the township notice, the first support measure (帮扶措施) — with when
-- it began and the deadline misses recorded at it, written by the activities that audit them. Rows already there take
-- their status and last update (village exits) or their entry and first measure (monitoring) as the step and its start.
ALTER TABLE "monitored_household" ADD COLUMN     "escalated_at" TIMESTAMPTZ(3),
ADD COLUMN     "escalated_level" TEXT,
ADD COLUMN     "escalated_role" TEXT,
ADD COLUMN     "escalation_times" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "step" TEXT NOT NULL DEFAULT 'measure',
ADD COLUMN     "step_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

ALTER TABLE "village_exit" ADD COLUMN     "escalated_at" TIMESTAMPTZ(3),
ADD COLUMN     "escalated_level" TEXT,
ADD COLUMN     "escalated_role" TEXT,
ADD COLUMN     "escalation_times" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "step" TEXT NOT NULL DEFAULT 'proposed',
ADD COLUMN     "step_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE INDEX "monitored_household_step_idx" ON "monitored_household"("step");

CREATE INDEX "village_exit_step_idx" ON "village_exit"("step");

UPDATE "village_exit" SET "step" = CASE "status" WHEN 'in_notice' THEN 'notice' ELSE "status" END, "step_since" = "updated_at";
UPDATE "monitored_household" m SET "step" = CASE WHEN f."first" IS NULL THEN 'measure' ELSE 'assisted' END,
       "step_since" = COALESCE(f."first", m."entered_at")
  FROM (SELECT h."id", (SELECT min(s."assigned_at") FROM "support_measure" s WHERE s."monitoring_id" = h."id") AS "first"
          FROM "monitored_household" h) f
 WHERE f."id" = m."id";
