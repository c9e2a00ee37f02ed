-- AlterTable
ALTER TABLE "UnitResult" ADD COLUMN     "reported" BOOLEAN NOT NULL DEFAULT true;

-- CreateIndex
CREATE INDEX "UnitResult_electionId_ballot_idx" ON "UnitResult"("electionId", "ballot");

-- Existing rows: reported where the unit ballot has an entry (an escalated "no report" has none).
UPDATE "UnitResult" r SET reported = EXISTS (
  SELECT 1 FROM "TallyEntry" e WHERE e."electionId" = r."electionId" AND e."unitCode" = r."unitCode" AND e.ballot = r.ballot)
 WHERE r.status = 'escalated';
