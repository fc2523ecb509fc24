-- 脱贫退出: households leave the register through the exit procedure, batched per village and income year
-- AlterTable
ALTER TABLE "household" ADD COLUMN     "exited_at" TIMESTAMPTZ(3),
ADD COLUMN     "transition_ends_on" DATE;

-- CreateTable
CREATE TABLE "exit_round" (
    "id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "income_year" INTEGER NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exit_round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exit_household" (
    "round_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "outcome" TEXT,
    "reason" TEXT,
    "criteria" JSONB NOT NULL DEFAULT '{}',
    "signature" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exit_household_pkey" PRIMARY KEY ("round_id","household_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "exit_round_workflow_id_key" ON "exit_round"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "exit_round_village_code_income_year_key" ON "exit_round"("village_code", "income_year");

-- CreateIndex
CREATE INDEX "exit_household_household_id_idx" ON "exit_household"("household_id");

-- AddForeignKey
ALTER TABLE "exit_household" ADD CONSTRAINT "exit_household_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "exit_round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
