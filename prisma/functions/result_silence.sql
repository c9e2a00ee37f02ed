-- The current definition of result_silence, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- The "silence" transition (web/tally/result-machine.ts): unit ballots with nothing sent a
-- while after the close become silent — a state of their own, not a dispute, and not a
-- report — with their history. p_keys: [{election, unit, ballot}], sorted by unit, then
-- ballot (the order every writer of many takes its locks in). Like a group of entries:
-- the units' locks first (tally_defer), the area rows settled at the end (tally_settle,
-- ADR 0030). A unit ballot with an entry or a state by then is left alone. Idempotent.
-- Returns the unit ballots silenced now.
CREATE OR REPLACE FUNCTION result_silence(p_keys jsonb)
RETURNS TABLE ("unitCode" text, ballot text) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_done jsonb;
BEGIN
  PERFORM tally_defer(p_keys);
  WITH silenced AS (
    INSERT INTO "UnitResult" ("electionId", "unitCode", ballot, status, reported, "updatedAt")
    SELECT k.election, k.unit, k.ballot, 'silent', false, now()
      FROM jsonb_to_recordset(p_keys) AS k(election uuid, unit text, ballot text)
     WHERE NOT EXISTS (SELECT 1 FROM "TallyEntry" e WHERE e."electionId" = k.election AND e."unitCode" = k.unit AND e.ballot = k.ballot)
    ON CONFLICT DO NOTHING
    RETURNING "electionId", "unitCode", "UnitResult".ballot
  ), history AS (
    INSERT INTO "ResultEvent" (id, "electionId", "unitCode", ballot, "toStatus", reason)
    SELECT gen_random_uuid(), s."electionId", s."unitCode", s.ballot, 'silent', 'no report' FROM silenced s
  )
  SELECT coalesce(jsonb_agg(jsonb_build_object('election', s."electionId", 'unit', s."unitCode", 'ballot', s.ballot)), '[]')
    INTO v_done FROM silenced s;
  -- Only the rows inserted now (none was there before them: p_before empty).
  PERFORM tally_settle(v_done, '[]'::jsonb);
  RETURN QUERY SELECT d.unit, d.ballot FROM jsonb_to_recordset(v_done) AS d(unit text, ballot text);
END;
$$;
