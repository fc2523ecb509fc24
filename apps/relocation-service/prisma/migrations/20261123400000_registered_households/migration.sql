-- relocation-service: households registered as poor, from identification's household.registered
-- CreateTable
CREATE TABLE "registered_household" (
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "head_name" TEXT NOT NULL,
    "member_count" INTEGER NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registered_household_pkey" PRIMARY KEY ("household_id")
);

-- CreateTable
CREATE TABLE "registered_person" (
    "id_number" VARCHAR(18) NOT NULL,
    "household_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "relation" TEXT NOT NULL,

    CONSTRAINT "registered_person_pkey" PRIMARY KEY ("id_number")
);

-- CreateIndex
CREATE INDEX "registered_household_village_code_idx" ON "registered_household"("village_code");

-- CreateIndex
CREATE INDEX "registered_person_household_id_idx" ON "registered_person"("household_id");

