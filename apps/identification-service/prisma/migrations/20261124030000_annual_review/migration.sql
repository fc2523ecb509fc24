-- 一年一评: the county's annual review campaigns
-- CreateTable
CREATE TABLE "review_campaign" (
    "id" UUID NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "income_year" INTEGER NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "report" JSONB,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "review_campaign_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "review_campaign_workflow_id_key" ON "review_campaign"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "review_campaign_county_code_income_year_key" ON "review_campaign"("county_code", "income_year");
