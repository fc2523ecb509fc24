-- medical-aid-service: monthly reports
-- CreateTable
CREATE TABLE "monthly_report" (
    "county_code" VARCHAR(6) NOT NULL,
    "month" VARCHAR(7) NOT NULL,
    "totals" JSONB NOT NULL,
    "flagged" JSONB NOT NULL,
    "built_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monthly_report_pkey" PRIMARY KEY ("county_code","month")
);

