-- 扶贫小额信贷 (issue 14 §3): loans of registered households (workflow microcredit:<loanId>), the bank's repayments
-- once by reference, reminders once per instalment and days before, the county's quarterly interest subsidy once per
-- loan and quarter.
CREATE TABLE "microcredit_loan" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "borrower_id_number" VARCHAR(18) NOT NULL,
    "borrower_name" TEXT NOT NULL,
    "principal_fen" BIGINT NOT NULL CHECK ("principal_fen" > 0),
    "term_months" INTEGER NOT NULL CHECK ("term_months" > 0),
    "annual_rate_bp" INTEGER NOT NULL CHECK ("annual_rate_bp" >= 0),
    "repayment" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "purpose_detail" TEXT NOT NULL,
    "applied_on" DATE NOT NULL,
    "step" TEXT NOT NULL,
    "recorded_seq" INTEGER NOT NULL DEFAULT 0,
    "history" JSONB NOT NULL DEFAULT '[]',
    "disbursed_on" DATE,
    "disbursed_at" TIMESTAMPTZ(3),
    "payment_ref" VARCHAR(64),
    "extension_months" INTEGER NOT NULL DEFAULT 0,
    "misuse_on" DATE,
    "in_arrears" BOOLEAN NOT NULL DEFAULT false,
    "arrears_from" DATE,
    "repaid_on" DATE,
    "workflow_id" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "microcredit_loan_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "microcredit_loan_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "registered_household"("household_id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "microcredit_loan_household_id_idx" ON "microcredit_loan"("household_id");
CREATE INDEX "microcredit_loan_county_code_step_idx" ON "microcredit_loan"("county_code", "step");
CREATE INDEX "microcredit_loan_village_code_idx" ON "microcredit_loan"("village_code");

CREATE TABLE "loan_repayment" (
    "loan_id" UUID NOT NULL,
    "bank_ref" VARCHAR(64) NOT NULL,
    "paid_on" DATE NOT NULL,
    "amount_fen" BIGINT NOT NULL CHECK ("amount_fen" > 0),
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "loan_repayment_pkey" PRIMARY KEY ("loan_id", "bank_ref"),
    CONSTRAINT "loan_repayment_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "microcredit_loan"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE TABLE "loan_reminder" (
    "loan_id" UUID NOT NULL,
    "due_on" DATE NOT NULL,
    "days_before" INTEGER NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "sent_on" DATE NOT NULL,
    CONSTRAINT "loan_reminder_pkey" PRIMARY KEY ("loan_id", "due_on", "days_before"),
    CONSTRAINT "loan_reminder_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "microcredit_loan"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE TABLE "loan_subsidy" (
    "loan_id" UUID NOT NULL,
    "quarter" VARCHAR(7) NOT NULL,
    "subsidy_fen" BIGINT NOT NULL CHECK ("subsidy_fen" >= 0),
    "suspended" BOOLEAN NOT NULL DEFAULT false,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "clawback_fen" BIGINT NOT NULL DEFAULT 0 CHECK ("clawback_fen" >= 0 AND "clawback_fen" <= "subsidy_fen"),
    "payment_ref" VARCHAR(64) NOT NULL,
    "paid_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "loan_subsidy_pkey" PRIMARY KEY ("loan_id", "quarter"),
    CONSTRAINT "loan_subsidy_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "microcredit_loan"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "loan_subsidy_payment_ref_key" ON "loan_subsidy"("payment_ref");
CREATE INDEX "loan_subsidy_quarter_idx" ON "loan_subsidy"("quarter");
