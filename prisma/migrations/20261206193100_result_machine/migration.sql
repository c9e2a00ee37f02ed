-- The result machine (issue 36, ADR 0038).

-- 1. Units escalated for sending nothing become silent (the counts' trigger moves them in
--    AreaStateCount), and so does their history.
UPDATE "UnitResult" SET status = 'silent' WHERE status = 'escalated' AND NOT reported;
UPDATE "ResultEvent" SET "toStatus" = 'silent' WHERE "toStatus" = 'escalated' AND "fromStatus" IS NULL AND reason = 'no report';

-- 2. A photo belongs to an election: the election of the entry it came with, else the
--    latest election whose contest has that unit ballot, else the latest election.
ALTER TABLE "TallyPhoto" ADD COLUMN "electionId" UUID;
UPDATE "TallyPhoto" p SET "electionId" = e."electionId" FROM "TallyEntry" e WHERE e.id = p."entryId";
UPDATE "TallyPhoto" p SET "electionId" = (
    SELECT a."electionId" FROM "AreaUnit" a JOIN "Election" el ON el.id = a."electionId"
     WHERE a."unitCode" = p."unitCode" AND a.ballot = p.ballot ORDER BY el.date DESC, el."createdAt" LIMIT 1)
 WHERE p."electionId" IS NULL;
UPDATE "TallyPhoto" p SET "electionId" = (SELECT id FROM "Election" ORDER BY date DESC, "createdAt" LIMIT 1)
 WHERE p."electionId" IS NULL;
DELETE FROM "TallyPhoto" WHERE "electionId" IS NULL;
ALTER TABLE "TallyPhoto" ALTER COLUMN "electionId" SET NOT NULL;
DROP INDEX "TallyPhoto_unitCode_ballot_idx";
CREATE INDEX "TallyPhoto_electionId_unitCode_ballot_idx" ON "TallyPhoto"("electionId", "unitCode", "ballot");
ALTER TABLE "TallyPhoto" ADD CONSTRAINT "TallyPhoto_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- 3. Each feed change carries the unit ballot's state as of the change. The changes
--    written before this knew only the state now: they take it.
ALTER TABLE "ResultChange" ADD COLUMN "status" "ResultStatus",
  ADD COLUMN "decided" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "hasFormPhoto" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "flagged" BOOLEAN NOT NULL DEFAULT false;
UPDATE "ResultChange" c SET status = r.status, decided = r.decided, "hasFormPhoto" = r."hasFormPhoto", flagged = r.flagged
  FROM "UnitResult" r WHERE r."electionId" = c."electionId" AND r."unitCode" = c."unitCode" AND r.ballot = c.ballot;
UPDATE "ResultChange" SET status = 'reported' WHERE status IS NULL;
ALTER TABLE "ResultChange" ALTER COLUMN "status" SET NOT NULL;
CREATE INDEX "ResultChange_electionId_unitCode_ballot_seq_idx" ON "ResultChange"("electionId", "unitCode", "ballot", "seq");

-- 4. live_submit_many takes the largest step of a device's sequence number and returns the
--    stored snapshot on a conflict (prisma/functions/live_submit_many.sql defines it anew).
DROP FUNCTION IF EXISTS live_submit_many(jsonb);
