-- 已知收入 (issue 14 §8): industry-service's income.recorded kept per household and income year, each income once
-- (income_id), for the next survey (六算) to show pre-filled; the survey still decides (exit criteria unchanged).
CREATE TABLE "known_income" (
    "income_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "income_year" INTEGER NOT NULL,
    "source" TEXT NOT NULL CHECK ("source" IN ('dividend', 'wage', 'production')),
    "amount_fen" BIGINT NOT NULL CHECK ("amount_fen" >= 0),
    "earned_on" DATE NOT NULL,
    "reference" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "known_income_pkey" PRIMARY KEY ("income_id")
);
CREATE INDEX "known_income_household_id_income_year_idx" ON "known_income"("household_id", "income_year");
