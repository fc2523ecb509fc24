-- 财政扶持产业 (issue 14 §5): the county's catalogue per year, supports of registered households priced from it
-- (amount = quantity × unit price, exact), delivered once against the household's signature and checked for survival
-- once after the items' months; 生产经营性收入 recorded once and sent as income.recorded (§8).
CREATE TABLE "fiscal_catalogue" (
    "county_code" VARCHAR(6) NOT NULL,
    "year" INTEGER NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "fiscal_catalogue_pkey" PRIMARY KEY ("county_code", "year")
);

CREATE TABLE "fiscal_catalogue_item" (
    "county_code" VARCHAR(6) NOT NULL,
    "year" INTEGER NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "name_zh" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "unit" VARCHAR(20) NOT NULL,
    "unit_price_fen" BIGINT NOT NULL CHECK ("unit_price_fen" > 0),
    "kind" TEXT NOT NULL CHECK ("kind" IN ('livestock', 'seedling', 'other')),
    "survival_months" INTEGER NOT NULL CHECK ("survival_months" BETWEEN 0 AND 60),
    CONSTRAINT "fiscal_catalogue_item_pkey" PRIMARY KEY ("county_code", "year", "code"),
    CONSTRAINT "fiscal_catalogue_item_county_code_year_fkey" FOREIGN KEY ("county_code", "year") REFERENCES "fiscal_catalogue"("county_code", "year") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "fiscal_support" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "catalogue_year" INTEGER NOT NULL,
    "decided_on" DATE NOT NULL,
    "total_fen" BIGINT NOT NULL CHECK ("total_fen" > 0),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivery_signed_by" TEXT,
    "delivered_on" DATE,
    "delivery_document_ref" TEXT,
    "delivery_recorded_by" TEXT,
    "delivery_recorded_at" TIMESTAMPTZ(3),
    "survival_check_from" DATE,
    "survival_checked_on" DATE,
    "survival_evidence" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "survival_checked_by" TEXT,
    "survival_recorded_at" TIMESTAMPTZ(3),
    CONSTRAINT "fiscal_support_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "fiscal_support_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "registered_household"("household_id") ON DELETE RESTRICT ON UPDATE CASCADE,
    -- delivered once (all its columns together), the survival check only after the delivery and not before it opens
    CONSTRAINT "fiscal_support_delivered_once" CHECK (("delivered_on" IS NULL) = ("delivery_signed_by" IS NULL) AND ("delivered_on" IS NULL) = ("survival_check_from" IS NULL)),
    CONSTRAINT "fiscal_support_survival_after_delivery" CHECK ("survival_checked_on" IS NULL OR "survival_checked_on" >= "survival_check_from")
);
CREATE INDEX "fiscal_support_household_id_idx" ON "fiscal_support"("household_id");
CREATE INDEX "fiscal_support_county_code_catalogue_year_idx" ON "fiscal_support"("county_code", "catalogue_year");
CREATE INDEX "fiscal_support_village_code_idx" ON "fiscal_support"("village_code");

CREATE TABLE "fiscal_support_line" (
    "support_id" UUID NOT NULL,
    "item_code" VARCHAR(64) NOT NULL,
    "name_zh" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "unit" VARCHAR(20) NOT NULL,
    "kind" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL CHECK ("quantity" > 0),
    "unit_price_fen" BIGINT NOT NULL CHECK ("unit_price_fen" > 0),
    "amount_fen" BIGINT NOT NULL,
    "survival_months" INTEGER NOT NULL,
    "surviving" INTEGER,
    "survival_rate_bp" INTEGER,
    CONSTRAINT "fiscal_support_line_pkey" PRIMARY KEY ("support_id", "item_code"),
    CONSTRAINT "fiscal_support_line_support_id_fkey" FOREIGN KEY ("support_id") REFERENCES "fiscal_support"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "fiscal_support_line_amount_exact" CHECK ("amount_fen" = "quantity" * "unit_price_fen"),
    CONSTRAINT "fiscal_support_line_surviving" CHECK ("surviving" IS NULL OR "surviving" BETWEEN 0 AND "quantity")
);

CREATE TABLE "production_income" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "earned_on" DATE NOT NULL,
    "amount_fen" BIGINT NOT NULL CHECK ("amount_fen" > 0),
    "reference" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "production_income_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "production_income_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "registered_household"("household_id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "production_income_household_id_earned_on_idx" ON "production_income"("household_id", "earned_on");
