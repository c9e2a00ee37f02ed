-- The current definition of result_log, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- One change of the media feed (ResultChange) for a unit ballot, carrying its state as of
-- this change — read from its UnitResult row, so call it after the row is written (issue
-- 36): verified | corrected | withdrawn (its counted figures moved), or restated (its
-- figures stand, its status or level facts changed). Every transition's function logs
-- through here; tally_submit_plain writes the same rows set-based.
CREATE OR REPLACE FUNCTION result_log(p_election uuid, p_unit text, p_ballot text, p_kind text, p_entry uuid)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO "ResultChange" ("electionId", "unitCode", ballot, kind, "entryId", status, decided, "hasFormPhoto", flagged)
  SELECT p_election, p_unit, p_ballot, p_kind, p_entry, r.status, r.decided, r."hasFormPhoto", r.flagged
    FROM "UnitResult" r WHERE r."electionId" = p_election AND r."unitCode" = p_unit AND r.ballot = p_ballot;
$$;
