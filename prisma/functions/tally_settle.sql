-- The current definition of tally_settle, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- The end of a deferred write of many unit ballots (ADR 0030). A writer of many unit
-- ballots (a group of entries, the escalation of missing reports) takes its units' locks
-- and sets tally.deferred (tally_defer.sql), and writes: the counts' trigger (unit_result_counts.sql) and
-- tally_move_verified then leave the per-area rows alone. Here, last, it takes the areas'
-- locks in order and brings the area rows up to date at once: AreaStateCount by the
-- difference between each unit ballot's state before (p_before: its UnitResult row read
-- under its lock; none for a new one) and now, AreaTotal and VoteTotal by the move from
-- the verified entry before to the one now. p_keys: the unit ballots written,
-- [{election, unit, ballot}]. Deferral ends here (tally_settle_units).
CREATE OR REPLACE FUNCTION tally_settle(p_keys jsonb, p_before jsonb)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_units jsonb;
BEGIN
  -- Each unit ballot's state before and now, with its area in the contest.
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'election', k.election, 'ballot', k.ballot, 'area', a."areaCode",
           'was', CASE WHEN b.status IS NOT NULL THEN jsonb_build_array(b.status, b.decided, b."hasFormPhoto", b.flagged, b.reported) END,
           'now', CASE WHEN r.status IS NOT NULL THEN jsonb_build_array(r.status, r.decided, r."hasFormPhoto", r.flagged, r.reported) END,
           'was_verified', b."verifiedEntryId", 'verified', r."verifiedEntryId")), '[]')
    INTO v_units
    FROM (SELECT DISTINCT x.election, x.unit, x.ballot FROM jsonb_to_recordset(p_keys) AS x(election uuid, unit text, ballot text)) k
    -- One index lookup each (LIMIT keeps the planner from scanning the tables).
    CROSS JOIN LATERAL (SELECT au."areaCode" FROM "AreaUnit" au
                         WHERE au."electionId" = k.election AND au.ballot = k.ballot AND au."unitCode" = k.unit LIMIT 1) a
    LEFT JOIN jsonb_to_recordset(p_before) AS b("electionId" uuid, "unitCode" text, ballot text, status "ResultStatus", decided boolean,
                                                "hasFormPhoto" boolean, flagged boolean, reported boolean, "verifiedEntryId" uuid)
           ON b."electionId" = k.election AND b."unitCode" = k.unit AND b.ballot = k.ballot
    LEFT JOIN LATERAL (SELECT * FROM "UnitResult" u
                        WHERE u."electionId" = k.election AND u."unitCode" = k.unit AND u.ballot = k.ballot LIMIT 1) r ON true;

  PERFORM tally_settle_units(v_units);
END;
$$;
