-- tally_submit and tally_submit_many return each entry's flags (tally_submit adds the
-- cross-ballot anomaly itself): a new result type, so the current definitions go first
-- (prisma/functions/ defines the new ones, applied after the migrations).
DROP FUNCTION IF EXISTS tally_submit_many(jsonb);
DROP FUNCTION IF EXISTS tally_submit(uuid, uuid, text, "BallotKind", text, uuid, int, int, int, int, int, int, int, jsonb, text[], text, uuid[], int, text, text, text, boolean, text);
