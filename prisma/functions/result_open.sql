-- The current definition of result_open, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- How a person's transition of one unit ballot starts (result_decide, result_escalate):
-- its lock taken and the area rows deferred, as every writer does (tally_defer), and its
-- row read under that lock (all nulls when it has none). The transition ends with
-- tally_settle, or — when it writes nothing — by ending the deferral.
CREATE OR REPLACE FUNCTION result_open(p_election uuid, p_unit text, p_ballot text)
RETURNS "UnitResult" LANGUAGE plpgsql AS $$
DECLARE
  r "UnitResult"%ROWTYPE;
BEGIN
  PERFORM tally_defer(jsonb_build_array(jsonb_build_object('election', p_election, 'unit', p_unit, 'ballot', p_ballot)));
  SELECT * INTO r FROM "UnitResult" u WHERE u."electionId" = p_election AND u."unitCode" = p_unit AND u.ballot = p_ballot;
  RETURN r;
END;
$$;
