-- identification-service: people's attributes, divisions, surveys (六算), observations, exclusion sources (四不列), cadre relatives, imports, rounds

-- AlterTable
ALTER TABLE "household" ADD COLUMN     "assistance_category" TEXT,
ADD COLUMN     "main_cause" TEXT,
ADD COLUMN     "other_causes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "phone" TEXT,
ADD COLUMN     "roster_key" TEXT,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "person" ADD COLUMN     "basic_medical_insured" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "education" TEXT,
ADD COLUMN     "ethnicity" TEXT,
ADD COLUMN     "health" TEXT,
ADD COLUMN     "labour_ability" TEXT,
ADD COLUMN     "pension_insured" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "student_status" TEXT;

-- CreateTable
CREATE TABLE "division" (
    "code" VARCHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "parent_code" VARCHAR(12),

    CONSTRAINT "division_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "income_survey" (
    "household_id" UUID NOT NULL,
    "income_year" INTEGER NOT NULL,
    "household_size" INTEGER NOT NULL,
    "farming_income" BIGINT NOT NULL,
    "livestock_income" BIGINT NOT NULL,
    "wage_income" BIGINT NOT NULL,
    "property_income" BIGINT NOT NULL,
    "transfer_income" BIGINT NOT NULL,
    "business_net_income" BIGINT NOT NULL,
    "production_costs" BIGINT NOT NULL,
    "living_expenses" BIGINT NOT NULL,
    "illness_spending" BIGINT NOT NULL,
    "student_costs" BIGINT NOT NULL,
    "net_income_fen" BIGINT NOT NULL,
    "per_capita_fen" BIGINT NOT NULL,
    "surveyed_by" TEXT NOT NULL,
    "surveyed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "income_survey_pkey" PRIMARY KEY ("household_id","income_year")
);

-- CreateTable
CREATE TABLE "living_observation" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "housing_grade" TEXT NOT NULL,
    "drinking_water_safe" BOOLEAN NOT NULL,
    "food_secure" BOOLEAN NOT NULL DEFAULT true,
    "clothing_secure" BOOLEAN NOT NULL DEFAULT true,
    "children_out_of_school" INTEGER NOT NULL DEFAULT 0,
    "appliances" JSONB NOT NULL DEFAULT '[]',
    "vehicles" JSONB NOT NULL DEFAULT '[]',
    "observed_by" TEXT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "living_observation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exclusion_batch" (
    "id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "file_name" TEXT NOT NULL,
    "file_sha256" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "loaded_by" TEXT NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exclusion_batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exclusion_record" (
    "id" BIGSERIAL NOT NULL,
    "batch_id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "id_number" VARCHAR(18) NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "exclusion_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cadre_relative" (
    "village_code" VARCHAR(12) NOT NULL,
    "id_number" VARCHAR(18) NOT NULL,
    "cadre_name" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "loaded_by" TEXT NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cadre_relative_pkey" PRIMARY KEY ("village_code","id_number")
);

-- CreateTable
CREATE TABLE "import_job" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "file_name" TEXT NOT NULL,
    "file_sha256" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total_rows" INTEGER NOT NULL DEFAULT 0,
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "households_ok" INTEGER NOT NULL DEFAULT 0,
    "households_failed" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identification_round" (
    "id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "income_year" INTEGER NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identification_round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "round_household" (
    "round_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "outcome" TEXT,
    "reason" TEXT,
    "exclusion_hits" JSONB NOT NULL DEFAULT '[]',
    "flagged_for_review" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "round_household_pkey" PRIMARY KEY ("round_id","household_id")
);

-- CreateIndex
CREATE INDEX "division_parent_code_idx" ON "division"("parent_code");

-- CreateIndex
CREATE INDEX "living_observation_household_id_observed_at_idx" ON "living_observation"("household_id", "observed_at");

-- CreateIndex
CREATE UNIQUE INDEX "exclusion_batch_source_county_code_file_sha256_key" ON "exclusion_batch"("source", "county_code", "file_sha256");

-- CreateIndex
CREATE INDEX "exclusion_record_id_number_idx" ON "exclusion_record"("id_number");

-- CreateIndex
CREATE INDEX "exclusion_record_batch_id_idx" ON "exclusion_record"("batch_id");

-- CreateIndex
CREATE INDEX "cadre_relative_id_number_idx" ON "cadre_relative"("id_number");

-- CreateIndex
CREATE UNIQUE INDEX "import_job_kind_county_code_file_sha256_key" ON "import_job"("kind", "county_code", "file_sha256");

-- CreateIndex
CREATE UNIQUE INDEX "identification_round_workflow_id_key" ON "identification_round"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "identification_round_village_code_income_year_key" ON "identification_round"("village_code", "income_year");

-- CreateIndex
CREATE INDEX "round_household_household_id_idx" ON "round_household"("household_id");

-- AddForeignKey
ALTER TABLE "income_survey" ADD CONSTRAINT "income_survey_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "living_observation" ADD CONSTRAINT "living_observation_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exclusion_record" ADD CONSTRAINT "exclusion_record_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "exclusion_batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "round_household" ADD CONSTRAINT "round_household_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "identification_round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

