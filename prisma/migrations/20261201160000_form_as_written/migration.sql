-- Every field of the count form as the officials wrote it (issue 16, ADR 0022): the
-- valid ballots entered (not computed), remarks, count start and end times as written
-- (HH:MM, Asia/Bangkok), whether the form was posted at the unit, and the reason a
-- reporter gave for correcting what they had sent. Rows from before stay null.
ALTER TABLE "TallyEntry" ADD COLUMN "valid" INTEGER,
  ADD COLUMN "remarks" TEXT,
  ADD COLUMN "countStartedAt" TEXT,
  ADD COLUMN "countEndedAt" TEXT,
  ADD COLUMN "formPosted" BOOLEAN,
  ADD COLUMN "correctionReason" TEXT;

-- A decision on a flagged form names the anomalies it accepts.
ALTER TABLE "ResultEvent" ADD COLUMN "acceptedFlags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- tally_submit takes the new fields: the old signature goes (prisma/functions/ defines
-- the new one, applied after the migrations).
DROP FUNCTION IF EXISTS tally_submit(uuid, uuid, text, "BallotKind", text, uuid, int, int, int, int, int, int, int, jsonb, text[], text, uuid[]);
