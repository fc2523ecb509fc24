-- 动态监测筛查 (issue 12): a screening reads a division's registered, exited and monitored households in keyset chunks
-- (household id order: the primary key is the index it needs) and keeps the actionable ones. Each chunk's results and
-- the checkpoint (last household, processed, counts) are committed together, so a retried run goes on after the last
-- committed chunk; the result's primary key is the second guard against a household written twice.
-- One running screening per division and income year is enforced by the service (advisory lock + check).

-- CreateTable
CREATE TABLE "screening" (
    "id" UUID NOT NULL,
    "division_code" VARCHAR(12) NOT NULL,
    "income_year" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "last_household_id" UUID,
    "may_exit" INTEGER NOT NULL DEFAULT 0,
    "no_longer_eligible" INTEGER NOT NULL DEFAULT 0,
    "enter_monitoring" INTEGER NOT NULL DEFAULT 0,
    "relapse" INTEGER NOT NULL DEFAULT 0,
    "undecided" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT NOT NULL,
    "created_role" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "failure" JSONB,

    CONSTRAINT "screening_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "screening_result" (
    "screening_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "outcome" TEXT NOT NULL,
    "per_capita_fen" BIGINT,
    "criteria" JSONB NOT NULL,

    CONSTRAINT "screening_result_pkey" PRIMARY KEY ("screening_id","household_id")
);

-- CreateIndex
CREATE INDEX "screening_division_code_income_year_idx" ON "screening"("division_code", "income_year");

-- CreateIndex
CREATE INDEX "screening_result_screening_id_outcome_household_id_idx" ON "screening_result"("screening_id", "outcome", "household_id");

-- CreateIndex
CREATE INDEX "screening_result_screening_id_village_code_household_id_idx" ON "screening_result"("screening_id", "village_code", "household_id");

-- AddForeignKey
ALTER TABLE "screening_result" ADD CONSTRAINT "screening_result_screening_id_fkey" FOREIGN KEY ("screening_id") REFERENCES "screening"("id") ON DELETE CASCADE ON UPDATE CASCADE;

