-- 销号标识 of relocation: relocation-service's relocation.completed marks the household relocated (once).

-- AlterTable
ALTER TABLE "household" ADD COLUMN "relocated_on" DATE;
ALTER TABLE "household" ADD COLUMN "relocation_case_id" UUID;
