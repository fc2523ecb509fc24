-- identification-service: relapse monitoring (防止返贫监测): monitored households, support measures (帮扶措施), re-checks

-- CreateTable
CREATE TABLE "monitored_household" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "categories" TEXT[],
    "triggers" TEXT[],
    "entry_figures" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entered_by" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "cleared_at" TIMESTAMPTZ(3),
    "relapsed_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitored_household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "support_measure" (
    "id" UUID NOT NULL,
    "monitoring_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "department" TEXT,
    "assigned_by" TEXT NOT NULL,
    "assigned_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "support_measure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitoring_check" (
    "id" UUID NOT NULL,
    "monitoring_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "income_year" INTEGER,
    "per_capita_fen" BIGINT,
    "monitoring_line_fen" BIGINT,
    "poverty_line_fen" BIGINT,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "monitoring_check_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "monitored_household_household_id_idx" ON "monitored_household"("household_id");

-- CreateIndex
CREATE INDEX "monitored_household_village_code_idx" ON "monitored_household"("village_code");

-- CreateIndex
CREATE INDEX "support_measure_monitoring_id_idx" ON "support_measure"("monitoring_id");

-- CreateIndex
CREATE INDEX "support_measure_household_id_idx" ON "support_measure"("household_id");

-- CreateIndex
CREATE INDEX "monitoring_check_monitoring_id_checked_at_idx" ON "monitoring_check"("monitoring_id", "checked_at");

-- CreateIndex
CREATE INDEX "monitoring_check_household_id_idx" ON "monitoring_check"("household_id");

-- AddForeignKey
ALTER TABLE "support_measure" ADD CONSTRAINT "support_measure_monitoring_id_fkey" FOREIGN KEY ("monitoring_id") REFERENCES "monitored_household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitoring_check" ADD CONSTRAINT "monitoring_check_monitoring_id_fkey" FOREIGN KEY ("monitoring_id") REFERENCES "monitored_household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
