-- 贫困村退出 and 第三方评估: rural population per division, village exits, county assessments with their samples and findings.
-- AlterTable
ALTER TABLE "division" ADD COLUMN     "rural_population" INTEGER;

-- CreateTable
CREATE TABLE "village_exit" (
    "id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "year" INTEGER NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "notice_id" UUID,
    "proposal_check" JSONB,
    "decision_check" JSONB,
    "poor_not_exited" INTEGER,
    "rural_population" INTEGER,
    "incidence_bp" INTEGER,
    "threshold_bp" INTEGER,
    "reason" TEXT,
    "proposed_by" TEXT NOT NULL,
    "proposed_role" TEXT NOT NULL,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "village_exit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "county_assessment" (
    "id" UUID NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "year" INTEGER NOT NULL,
    "seed" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "inside_size" INTEGER NOT NULL,
    "outside_size" INTEGER NOT NULL,
    "frame" JSONB NOT NULL,
    "frame_sha256" TEXT NOT NULL,
    "conclusion" TEXT,
    "conclusion_reasons" JSONB,
    "concluded_by" TEXT,
    "concluded_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "county_assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_sample_household" (
    "assessment_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "grp" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "register_status" TEXT NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "wrongly_exited" BOOLEAN,
    "missed_identification" BOOLEAN,
    "satisfied" BOOLEAN,
    "note" TEXT,
    "recorded_by" TEXT,
    "recorded_at" TIMESTAMPTZ(3),

    CONSTRAINT "assessment_sample_household_pkey" PRIMARY KEY ("assessment_id","household_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "village_exit_village_code_year_key" ON "village_exit"("village_code", "year");

-- CreateIndex
CREATE UNIQUE INDEX "county_assessment_county_code_year_key" ON "county_assessment"("county_code", "year");

-- CreateIndex
CREATE UNIQUE INDEX "assessment_sample_household_assessment_id_grp_position_key" ON "assessment_sample_household"("assessment_id", "grp", "position");

-- AddForeignKey
ALTER TABLE "assessment_sample_household" ADD CONSTRAINT "assessment_sample_household_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "county_assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

