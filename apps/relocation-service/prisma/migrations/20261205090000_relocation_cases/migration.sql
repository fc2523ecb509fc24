-- relocation (易地扶贫搬迁): designated areas, resettlement sites, cases from consent to follow-up, tranches paid once.
-- Counts (homes allocated, households, people …) are derived from the cases, never stored.

-- CreateTable
CREATE TABLE "relocation_area" (
    "village_code" VARCHAR(12) NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "designated" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "decided_by" TEXT NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "relocation_area_pkey" PRIMARY KEY ("village_code")
);

-- CreateIndex
CREATE INDEX "relocation_area_county_code_idx" ON "relocation_area"("county_code");

-- CreateTable
CREATE TABLE "resettlement_site" (
    "code" VARCHAR(40) NOT NULL,
    "name" TEXT NOT NULL,
    "township_code" VARCHAR(9) NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "mode" TEXT NOT NULL,
    "placement" TEXT NOT NULL,
    "capacity_homes" INTEGER NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "registered_by" TEXT NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resettlement_site_pkey" PRIMARY KEY ("code"),
    CONSTRAINT "resettlement_site_capacity_check" CHECK ("capacity_homes" > 0),
    CONSTRAINT "resettlement_site_placement_check" CHECK ("placement" IN ('centralised', 'scattered'))
);

-- CreateIndex
CREATE INDEX "resettlement_site_county_code_idx" ON "resettlement_site"("county_code");

-- CreateTable
CREATE TABLE "relocation_case" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "open_household_id" UUID,
    "village_code" VARCHAR(12) NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "status" TEXT NOT NULL,
    "consent_signed_by" TEXT NOT NULL,
    "consent_signed_on" DATE NOT NULL,
    "consent_document_ref" TEXT NOT NULL,
    "mode" TEXT,
    "site_code" VARCHAR(40),
    "area_m2" DECIMAL(8,2),
    "persons" INTEGER,
    "subsidy_fen" BIGINT,
    "planned_at" TIMESTAMPTZ(3),
    "moved_in_on" DATE,
    "reclaimed_on" DATE,
    "follow_up_kind" TEXT,
    "follow_up_on" DATE,
    "land_rights_kept" BOOLEAN,
    "withdrawn_at" TIMESTAMPTZ(3),
    "withdrawal_reason" TEXT,
    "workflow_id" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "relocation_case_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "relocation_case_site_code_fkey" FOREIGN KEY ("site_code") REFERENCES "resettlement_site"("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "relocation_case_area_check" CHECK ("area_m2" IS NULL OR "area_m2" > 0),
    CONSTRAINT "relocation_case_persons_check" CHECK ("persons" IS NULL OR "persons" > 0),
    CONSTRAINT "relocation_case_subsidy_check" CHECK ("subsidy_fen" IS NULL OR "subsidy_fen" >= 0),
    CONSTRAINT "relocation_case_open_check" CHECK (("open_household_id" IS NULL) = ("status" IN ('withdrawn', 'completed')))
);

-- CreateIndex
CREATE INDEX "relocation_case_village_code_status_idx" ON "relocation_case"("village_code", "status");

-- CreateIndex
CREATE INDEX "relocation_case_site_code_idx" ON "relocation_case"("site_code");

-- CreateIndex: a household has at most one open case (一户一案): the household's id while the case is open, NULL once
-- withdrawn or completed (NULLs never collide)
CREATE UNIQUE INDEX "relocation_case_open_household_id_key" ON "relocation_case"("open_household_id");

-- CreateIndex
CREATE INDEX "relocation_case_household_id_idx" ON "relocation_case"("household_id");

-- CreateTable
CREATE TABLE "relocation_tranche" (
    "case_id" UUID NOT NULL,
    "milestone" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "payment_ref" VARCHAR(64),
    "paid_at" TIMESTAMPTZ(3),
    "paid_by" TEXT,

    CONSTRAINT "relocation_tranche_pkey" PRIMARY KEY ("case_id", "milestone"),
    CONSTRAINT "relocation_tranche_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "relocation_case"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "relocation_tranche_amount_check" CHECK ("amount_fen" >= 0),
    CONSTRAINT "relocation_tranche_status_check" CHECK ("status" IN ('pending', 'paid', 'stopped')),
    CONSTRAINT "relocation_tranche_paid_check" CHECK (("status" = 'paid') = ("payment_ref" IS NOT NULL AND "paid_at" IS NOT NULL))
);

-- CreateIndex: a payment reference pays one tranche, once
CREATE UNIQUE INDEX "relocation_tranche_payment_ref_key" ON "relocation_tranche"("payment_ref");
