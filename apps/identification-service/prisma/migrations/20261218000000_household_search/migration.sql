-- 一户一档 search (issue 15 §3): households are listed inside a division in pages ordered by (village_code, id), so
-- the index leads with the village code (a division's prefix range, as before) and ends with the id (the page's key).
DROP INDEX "household_village_code_idx";

CREATE INDEX "household_village_code_id_idx" ON "household"("village_code", "id");
