-- The case workflow (relocation-case:<householdId>) records its progress on the case row: the procedure's step, and
-- how many of its history entries are recorded (audit records and events are written once per entry, on retries too).
-- A plan refused at review closes the case like a withdrawal or a completion.

-- AlterTable
ALTER TABLE "relocation_case" ADD COLUMN "step" TEXT;
ALTER TABLE "relocation_case" ADD COLUMN "recorded_seq" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "relocation_case" DROP CONSTRAINT "relocation_case_open_check";
ALTER TABLE "relocation_case" ADD CONSTRAINT "relocation_case_open_check"
  CHECK (("open_household_id" IS NULL) = ("status" IN ('withdrawn', 'completed', 'refused')));
