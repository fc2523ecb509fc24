-- 项目资金 (issue 14 §7): a project's funds through four signed checkpoints, recorded by the workflow
-- project-funds:<projectId>; the disbursement is paid here exactly once per project (the row's payment columns are
-- set once, under the row lock, and payment_ref is unique), never above the allocation.
CREATE TABLE "project_funds" (
    "project_id" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "recorded_seq" INTEGER NOT NULL DEFAULT 0,
    "allocated_fen" BIGINT CHECK ("allocated_fen" > 0),
    "notice_id" UUID,
    "disbursed_fen" BIGINT,
    "payment_ref" VARCHAR(64),
    "to_account_ref" TEXT,
    "paid_at" TIMESTAMPTZ(3),
    "workflow_id" TEXT NOT NULL,
    "started_by" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "project_funds_pkey" PRIMARY KEY ("project_id"),
    CONSTRAINT "project_funds_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "industry_project"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "project_funds_paid_once" CHECK (("payment_ref" IS NULL) = ("paid_at" IS NULL) AND ("payment_ref" IS NULL) = ("disbursed_fen" IS NULL)),
    CONSTRAINT "project_funds_within_allocation" CHECK ("disbursed_fen" IS NULL OR ("disbursed_fen" > 0 AND "disbursed_fen" <= "allocated_fen"))
);
CREATE UNIQUE INDEX "project_funds_payment_ref_key" ON "project_funds"("payment_ref");
