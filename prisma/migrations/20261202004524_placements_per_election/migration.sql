-- Placements belong to an election (issue 18): a volunteer stands at one unit per election,
-- on the units of that election's contests. Written by hand so that nothing is lost: the
-- placements, their history and the runs that exist move to the current election (the
-- latest day's first created, as the code chooses it). A database with placements and no
-- election yet gets one to hold them, which the admin renames.
INSERT INTO "Election" (id, slug, "nameTh", "nameEn", date, "closesAt")
SELECT gen_random_uuid(), 'election', 'การเลือกตั้ง', 'Election', current_date, (current_date + time '17:00') AT TIME ZONE 'Asia/Bangkok'
 WHERE NOT EXISTS (SELECT 1 FROM "Election")
   AND (EXISTS (SELECT 1 FROM "UnitAssignment") OR EXISTS (SELECT 1 FROM "AssignmentEvent") OR EXISTS (SELECT 1 FROM "AssignmentRun"));

-- DropIndex
DROP INDEX "AssignmentEvent_unitCode_createdAt_idx";
DROP INDEX "UnitAssignment_unitCode_slot_key";
DROP INDEX "UnitAssignment_volunteerId_key";

-- AlterTable
ALTER TABLE "AssignmentEvent" ADD COLUMN "electionId" UUID;
ALTER TABLE "AssignmentRun" ADD COLUMN "electionId" UUID;
ALTER TABLE "UnitAssignment" ADD COLUMN "electionId" UUID;
UPDATE "AssignmentEvent" SET "electionId" = (SELECT id FROM "Election" ORDER BY date DESC, "createdAt" ASC, slug ASC LIMIT 1);
UPDATE "AssignmentRun" SET "electionId" = (SELECT id FROM "Election" ORDER BY date DESC, "createdAt" ASC, slug ASC LIMIT 1);
UPDATE "UnitAssignment" SET "electionId" = (SELECT id FROM "Election" ORDER BY date DESC, "createdAt" ASC, slug ASC LIMIT 1);
ALTER TABLE "AssignmentEvent" ALTER COLUMN "electionId" SET NOT NULL;
ALTER TABLE "AssignmentRun" ALTER COLUMN "electionId" SET NOT NULL;
ALTER TABLE "UnitAssignment" ALTER COLUMN "electionId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "AssignmentEvent_electionId_unitCode_createdAt_idx" ON "AssignmentEvent"("electionId", "unitCode", "createdAt");
CREATE INDEX "UnitAssignment_volunteerId_idx" ON "UnitAssignment"("volunteerId");
CREATE UNIQUE INDEX "UnitAssignment_electionId_volunteerId_key" ON "UnitAssignment"("electionId", "volunteerId");
CREATE UNIQUE INDEX "UnitAssignment_electionId_unitCode_slot_key" ON "UnitAssignment"("electionId", "unitCode", "slot");

-- AddForeignKey
ALTER TABLE "UnitAssignment" ADD CONSTRAINT "UnitAssignment_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;
