-- household.exited: an exited household keeps its relocation support through the transition period
-- AlterTable
ALTER TABLE "registered_household" ADD COLUMN     "exited_at" TIMESTAMPTZ(3),
ADD COLUMN     "transition_ends_on" DATE;
