-- medical-aid-service: the transition period after a household's exit
-- AlterTable
ALTER TABLE "insured_person" ADD COLUMN     "poor_until" DATE;

