-- industry-service (issue 14, first slice): the registered households it serves (from identification's
-- household.registered), partners (经营主体, 统一社会信用代码 checked by the service) and industry projects (一村一品)
-- with their beneficiary households. Money in fen (BIGINT), never negative.

CREATE TABLE "registered_household" (
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "head_name" TEXT NOT NULL,
    "member_count" INTEGER NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "exited_at" TIMESTAMPTZ(3),
    CONSTRAINT "registered_household_pkey" PRIMARY KEY ("household_id")
);
CREATE INDEX "registered_household_village_code_idx" ON "registered_household"("village_code");

CREATE TABLE "registered_person" (
    "id_number" VARCHAR(18) NOT NULL,
    "household_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    CONSTRAINT "registered_person_pkey" PRIMARY KEY ("id_number")
);
CREATE INDEX "registered_person_household_id_idx" ON "registered_person"("household_id");

CREATE TABLE "partner" (
    "id" UUID NOT NULL,
    "credit_code" VARCHAR(18) NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('enterprise', 'cooperative')),
    "county_code" VARCHAR(6) NOT NULL,
    "bank_account_ref" TEXT NOT NULL,
    "registered_by" TEXT NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "partner_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "partner_credit_code_key" ON "partner"("credit_code");
CREATE INDEX "partner_county_code_idx" ON "partner"("county_code");

CREATE TABLE "industry_project" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('planting', 'breeding', 'rural_tourism', 'handicraft', 'processing', 'services')),
    "division_code" VARCHAR(12) NOT NULL CHECK (length("division_code") IN (9, 12)),
    "county_code" VARCHAR(6) NOT NULL,
    "year" INTEGER NOT NULL,
    "budget_fen" BIGINT NOT NULL CHECK ("budget_fen" > 0),
    "fund_source" TEXT NOT NULL CHECK ("fund_source" IN ('special_fund', 'assistance_fund', 'integrated_fund', 'credit')),
    "partner_id" UUID,
    "expected_income_fen_per_household" BIGINT NOT NULL CHECK ("expected_income_fen_per_household" >= 0),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "industry_project_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "industry_project_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "industry_project_county_code_year_idx" ON "industry_project"("county_code", "year");
CREATE INDEX "industry_project_division_code_idx" ON "industry_project"("division_code");

CREATE TABLE "project_beneficiary" (
    "project_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    CONSTRAINT "project_beneficiary_pkey" PRIMARY KEY ("project_id", "household_id"),
    CONSTRAINT "project_beneficiary_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "industry_project"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "project_beneficiary_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "registered_household"("household_id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "project_beneficiary_household_id_idx" ON "project_beneficiary"("household_id");
