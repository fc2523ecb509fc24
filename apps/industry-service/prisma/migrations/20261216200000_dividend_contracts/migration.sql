-- 入股分红 / 资产收益 (issue 14 §4): a household's fund put into a partner; each payment (the yearly dividends, the
-- principal at term) one row, raised by the contract's Temporal schedule dividend:<id>, then paid exactly once (the
-- row is the payment: primary key contract + due date + kind, its payment columns set once under the contract's lock)
-- or missed after the period.
CREATE TABLE "dividend_contract" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "principal_fen" BIGINT NOT NULL CHECK ("principal_fen" > 0),
    "fund_source" TEXT NOT NULL CHECK ("fund_source" IN ('household_loan', 'fiscal')),
    "fund_ref" TEXT NOT NULL,
    "dividend" JSONB NOT NULL,
    "payment_dates" JSONB NOT NULL,
    "start_on" DATE NOT NULL,
    "term_years" INTEGER NOT NULL CHECK ("term_years" > 0),
    "term_end_on" DATE NOT NULL,
    "schedule_id" TEXT NOT NULL,
    "schedule_created_at" TIMESTAMPTZ(3),
    "schedule_closed_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "dividend_contract_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "dividend_contract_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "registered_household"("household_id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "dividend_contract_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "dividend_contract_household_id_idx" ON "dividend_contract"("household_id");
CREATE INDEX "dividend_contract_partner_id_idx" ON "dividend_contract"("partner_id");
CREATE INDEX "dividend_contract_county_code_idx" ON "dividend_contract"("county_code");

CREATE TABLE "dividend_item" (
    "contract_id" UUID NOT NULL,
    "due_on" DATE NOT NULL,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('dividend', 'principal')),
    "seq" INTEGER NOT NULL,
    "contract_year" INTEGER NOT NULL,
    "amount_fen" BIGINT NOT NULL CHECK ("amount_fen" > 0),
    "status" TEXT NOT NULL DEFAULT 'scheduled' CHECK ("status" IN ('scheduled', 'due', 'paid', 'missed')),
    "raised_by" TEXT,
    "raised_at" TIMESTAMPTZ(3),
    "missed_check_at" TIMESTAMPTZ(3),
    "missed_at" TIMESTAMPTZ(3),
    "payment_ref" VARCHAR(64),
    "paid_on" DATE,
    "income_id" UUID,
    "recorded_by" TEXT,
    "recorded_at" TIMESTAMPTZ(3),
    CONSTRAINT "dividend_item_pkey" PRIMARY KEY ("contract_id", "due_on", "kind"),
    CONSTRAINT "dividend_item_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "dividend_contract"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "dividend_item_paid_once" CHECK (("status" = 'paid') = ("payment_ref" IS NOT NULL) AND ("payment_ref" IS NULL) = ("paid_on" IS NULL))
);
CREATE UNIQUE INDEX "dividend_item_income_id_key" ON "dividend_item"("income_id");
CREATE UNIQUE INDEX "dividend_item_contract_id_seq_key" ON "dividend_item"("contract_id", "seq");
