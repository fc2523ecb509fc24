-- 待办 (issue 15 §1): each household's step mirror also keeps when the step began and the deadline misses recorded at
-- it, so each service answers "what waits for whom, until when" from the rows it already writes with the audit
-- (ADR 0019). Rows already at a step take their last update as the step's start.
ALTER TABLE "exit_household" ADD COLUMN     "escalated_at" TIMESTAMPTZ(3),
ADD COLUMN     "escalated_level" TEXT,
ADD COLUMN     "escalated_role" TEXT,
ADD COLUMN     "escalation_times" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "step_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

ALTER TABLE "round_household" ADD COLUMN     "escalated_at" TIMESTAMPTZ(3),
ADD COLUMN     "escalated_level" TEXT,
ADD COLUMN     "escalated_role" TEXT,
ADD COLUMN     "escalation_times" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "step_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE INDEX "exit_household_step_idx" ON "exit_household"("step");

CREATE INDEX "round_household_step_idx" ON "round_household"("step");

UPDATE "exit_household" SET "step_since" = "updated_at";
UPDATE "round_household" SET "step_since" = "updated_at";
