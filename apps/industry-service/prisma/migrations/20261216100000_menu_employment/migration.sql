-- 扶贫菜单 and 点菜 (issue 14 §2): the items each village offers for a year and their terms, set by the county's
-- industry office; a registered household's signed choice recorded by the village cadre, each item once per household
-- and year; a choice refused for lack of labour recorded once per household, year and items (with industry.no-labour).
-- 就业扶贫 (§6): jobs at partners and public-welfare posts, members of registered households placed in them
-- (employment.placed), and each placement's wage once per month (income.recorded, §8).
CREATE TABLE "village_menu" (
    "village_code" VARCHAR(12) NOT NULL,
    "year" INTEGER NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "village_menu_pkey" PRIMARY KEY ("village_code", "year")
);
CREATE INDEX "village_menu_county_code_year_idx" ON "village_menu"("county_code", "year");

CREATE TABLE "village_menu_item" (
    "village_code" VARCHAR(12) NOT NULL,
    "year" INTEGER NOT NULL,
    "item_id" VARCHAR(64) NOT NULL,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('loan', 'dividend', 'fiscal_support', 'employment', 'project')),
    "requires_labour" BOOLEAN NOT NULL,
    "title_zh" TEXT,
    "title_en" TEXT,
    "terms" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "village_menu_item_pkey" PRIMARY KEY ("village_code", "year", "item_id"),
    CONSTRAINT "village_menu_item_village_code_year_fkey" FOREIGN KEY ("village_code", "year") REFERENCES "village_menu"("village_code", "year") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "menu_choice" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "year" INTEGER NOT NULL,
    "labour_members" INTEGER NOT NULL CHECK ("labour_members" >= 0),
    "signed_by" TEXT NOT NULL,
    "signed_on" DATE NOT NULL,
    "document_ref" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "menu_choice_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "menu_choice_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "registered_household"("household_id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "menu_choice_household_id_year_idx" ON "menu_choice"("household_id", "year");

CREATE TABLE "menu_choice_item" (
    "choice_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "item_id" VARCHAR(64) NOT NULL,
    "kind" TEXT NOT NULL,
    "requires_labour" BOOLEAN NOT NULL,
    "terms" TEXT NOT NULL,
    CONSTRAINT "menu_choice_item_pkey" PRIMARY KEY ("choice_id", "item_id"),
    CONSTRAINT "menu_choice_item_choice_id_fkey" FOREIGN KEY ("choice_id") REFERENCES "menu_choice"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "menu_choice_item_household_id_year_item_id_key" ON "menu_choice_item"("household_id", "year", "item_id");

CREATE TABLE "menu_no_labour_refusal" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "year" INTEGER NOT NULL,
    "item_set" TEXT NOT NULL,
    "refused_item_ids" TEXT[],
    "labour_members" INTEGER NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "menu_no_labour_refusal_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "menu_no_labour_refusal_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "registered_household"("household_id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "menu_no_labour_refusal_household_id_year_item_set_key" ON "menu_no_labour_refusal"("household_id", "year", "item_set");

CREATE TABLE "employment_job" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('partner_job', 'public_welfare_post')),
    "partner_id" UUID,
    "category" TEXT,
    "post_name" TEXT NOT NULL,
    "division_code" VARCHAR(12) NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "monthly_wage_fen" BIGINT NOT NULL CHECK ("monthly_wage_fen" > 0),
    "positions" INTEGER NOT NULL CHECK ("positions" > 0),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "employment_job_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "employment_job_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    -- a partner's job names its partner; a public-welfare post names its category and no partner
    CONSTRAINT "employment_job_kind_fields" CHECK (
        ("kind" = 'partner_job' AND "partner_id" IS NOT NULL AND "category" IS NULL)
        OR ("kind" = 'public_welfare_post' AND "partner_id" IS NULL AND "category" IS NOT NULL))
);
CREATE INDEX "employment_job_county_code_idx" ON "employment_job"("county_code");
CREATE INDEX "employment_job_division_code_idx" ON "employment_job"("division_code");
CREATE INDEX "employment_job_partner_id_idx" ON "employment_job"("partner_id");

CREATE TABLE "employment_placement" (
    "id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "id_number" VARCHAR(18) NOT NULL,
    "person_name" TEXT NOT NULL,
    "started_on" DATE NOT NULL,
    "monthly_wage_fen" BIGINT NOT NULL CHECK ("monthly_wage_fen" > 0),
    "placed_by" TEXT NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "employment_placement_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "employment_placement_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "employment_job"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "employment_placement_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "registered_household"("household_id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "employment_placement_job_id_id_number_key" ON "employment_placement"("job_id", "id_number");
CREATE INDEX "employment_placement_household_id_idx" ON "employment_placement"("household_id");
CREATE INDEX "employment_placement_id_number_idx" ON "employment_placement"("id_number");

CREATE TABLE "placement_wage" (
    "placement_id" UUID NOT NULL,
    "month" VARCHAR(7) NOT NULL CHECK ("month" ~ '^\d{4}-(0[1-9]|1[0-2])$'),
    "amount_fen" BIGINT NOT NULL CHECK ("amount_fen" > 0),
    "earned_on" DATE NOT NULL,
    "income_id" UUID NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "placement_wage_pkey" PRIMARY KEY ("placement_id", "month"),
    CONSTRAINT "placement_wage_placement_id_fkey" FOREIGN KEY ("placement_id") REFERENCES "employment_placement"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "placement_wage_income_id_key" ON "placement_wage"("income_id");
