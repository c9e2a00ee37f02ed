-- The current definition of tally_defer, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- The start of a deferred write of many unit ballots (ADR 0030), ended by tally_settle:
-- takes the unit ballots' locks in the order given (callers sort them by unit, then
-- ballot, as tally.sql.server.ts's byUnitAndBallot does), before any area's, and sets
-- tally.deferred for the transaction. p_keys: [{election, unit, ballot}].
CREATE OR REPLACE FUNCTION tally_defer(p_keys jsonb)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM count(pg_advisory_xact_lock(hashtext('tally:' || (j.x->>'election') || ':' || (j.x->>'unit') || ':' || (j.x->>'ballot'))))
     FROM (SELECT x, i FROM jsonb_array_elements(p_keys) WITH ORDINALITY AS t(x, i) ORDER BY i) j;
  PERFORM set_config('tally.deferred', 'on', true);
END;
$$;
