-- medical-aid-service: policies as versioned data, per-person year-to-date accumulators, claims
-- CreateTable
CREATE TABLE "medical_policy" (
    "id" UUID NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "policy" JSONB NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "medical_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person_year_to_date" (
    "id_number" VARCHAR(18) NOT NULL,
    "year" INTEGER NOT NULL,
    "basic_deductible_used" BIGINT NOT NULL DEFAULT 0,
    "basic_paid" BIGINT NOT NULL DEFAULT 0,
    "critical_base" BIGINT NOT NULL DEFAULT 0,
    "critical_paid" BIGINT NOT NULL DEFAULT 0,
    "assistance_paid" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "person_year_to_date_pkey" PRIMARY KEY ("id_number","year")
);

-- CreateTable
CREATE TABLE "claim" (
    "id" UUID NOT NULL,
    "id_number" VARCHAR(18) NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "hospital" TEXT NOT NULL,
    "admitted_on" DATE NOT NULL,
    "discharged_on" DATE NOT NULL,
    "no_deposit" BOOLEAN NOT NULL DEFAULT false,
    "total_cost" BIGINT NOT NULL,
    "in_policy_cost" BIGINT NOT NULL,
    "level" TEXT NOT NULL,
    "in_county" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "registered_poor" BOOLEAN NOT NULL DEFAULT false,
    "policy_id" UUID,
    "basic" BIGINT,
    "critical" BIGINT,
    "assistance" BIGINT,
    "backstop" BIGINT,
    "patient_pays" BIGINT,
    "review" TEXT,
    "review_reason" TEXT,
    "reason" TEXT,
    "payment_ref" TEXT,
    "workflow_id" TEXT NOT NULL,
    "entered_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_at" TIMESTAMPTZ(3),
    "paid_at" TIMESTAMPTZ(3),

    CONSTRAINT "claim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "medical_policy_county_code_year_version_key" ON "medical_policy"("county_code", "year", "version");

-- CreateIndex
CREATE UNIQUE INDEX "claim_payment_ref_key" ON "claim"("payment_ref");

-- CreateIndex
CREATE INDEX "claim_id_number_idx" ON "claim"("id_number");

-- CreateIndex
CREATE INDEX "claim_county_code_status_idx" ON "claim"("county_code", "status");

