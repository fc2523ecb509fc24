-- 危房改造 (issue 13 §8): a renovation case is a case of kind 'renovation' on the same table, workflow and tranches,
-- so the one-open-case rule (open_household_id) also keeps a household from relocating and renovating at once.
-- The house grade relocation reads comes from identification's household.updated (housingGrade of the latest
-- living-condition observation), kept on the registered household with the time it was observed.

-- AlterTable
ALTER TABLE "relocation_case" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'relocation';
ALTER TABLE "relocation_case" ADD COLUMN "planned_year" INTEGER;
ALTER TABLE "relocation_case" ADD COLUMN "house_grade" VARCHAR(1);
ALTER TABLE "relocation_case" ADD COLUMN "new_grade" VARCHAR(1);
ALTER TABLE "relocation_case" ADD CONSTRAINT "relocation_case_kind_check" CHECK (
  ("kind" = 'relocation' AND "planned_year" IS NULL AND "house_grade" IS NULL AND "new_grade" IS NULL)
  OR ("kind" = 'renovation' AND "planned_year" IS NOT NULL AND "house_grade" IN ('C', 'D')
      AND "mode" IS NULL AND "site_code" IS NULL AND ("new_grade" IS NULL OR "new_grade" IN ('A', 'B'))));

ALTER TABLE "registered_household" ADD COLUMN "house_grade" VARCHAR(1);
ALTER TABLE "registered_household" ADD COLUMN "house_observed_at" TIMESTAMPTZ(3);
