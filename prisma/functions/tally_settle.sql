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
-- [{election, unit, ballot}]. Deferral ends here.
CREATE OR REPLACE FUNCTION tally_settle(p_keys jsonb, p_before jsonb)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  c text;
  v_units jsonb;
BEGIN
  PERFORM set_config('tally.deferred', 'off', true);
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

  -- The same order as every writer of unit ballots (tally.sql.server.ts, lockUnitBallot).
  FOR c IN SELECT DISTINCT w.election || ':' || w.ballot || ':' || w.area
             FROM jsonb_to_recordset(v_units) AS w(election uuid, ballot text, area text) ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('tally-area:' || c));
  END LOOP;

  -- Rows in key order, so that two settles never wait on each other's rows in a circle.
  INSERT INTO "AreaStateCount" AS t ("electionId", ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported, n)
  SELECT w.election, w.ballot, w.area, (s.state->>0)::"ResultStatus", (s.state->>1)::boolean, (s.state->>2)::boolean,
         (s.state->>3)::boolean, (s.state->>4)::boolean, sum(s.n)
    FROM jsonb_to_recordset(v_units) AS w(election uuid, ballot text, area text, was jsonb, now jsonb),
         LATERAL (VALUES (w.was, -1), (w.now, 1)) AS s(state, n)
   WHERE s.state IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(s.n) <> 0
   ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("electionId", ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported) DO UPDATE SET n = t.n + EXCLUDED.n;

  -- Out of the totals the verified entry before, into them the one now (as tally_move_verified).
  INSERT INTO "AreaTotal" AS t ("electionId", ballot, "areaCode", "unitsVerified", eligible, voters, "ballotsUsed", invalid, "voteNo")
  SELECT w.election, w.ballot, w.area, sum(m.sign), sum(m.sign * e.eligible), sum(m.sign * e.voters), sum(m.sign * e."ballotsUsed"),
         sum(m.sign * e.invalid), sum(m.sign * e."voteNo")
    FROM jsonb_to_recordset(v_units) AS w(election uuid, ballot text, area text, was_verified uuid, verified uuid),
         LATERAL (VALUES (w.was_verified, -1), (w.verified, 1)) AS m(id, sign)
    JOIN "TallyEntry" e ON e.id = m.id
   WHERE w.was_verified IS DISTINCT FROM w.verified
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT ("electionId", ballot, "areaCode") DO UPDATE SET
    "unitsVerified" = t."unitsVerified" + EXCLUDED."unitsVerified", eligible = t.eligible + EXCLUDED.eligible,
    voters = t.voters + EXCLUDED.voters, "ballotsUsed" = t."ballotsUsed" + EXCLUDED."ballotsUsed",
    invalid = t.invalid + EXCLUDED.invalid, "voteNo" = t."voteNo" + EXCLUDED."voteNo";
  INSERT INTO "VoteTotal" AS t ("electionId", ballot, "areaCode", number, votes)
  SELECT w.election, w.ballot, w.area, v.key::int, sum(m.sign * v.value::int)
    FROM jsonb_to_recordset(v_units) AS w(election uuid, ballot text, area text, was_verified uuid, verified uuid),
         LATERAL (VALUES (w.was_verified, -1), (w.verified, 1)) AS m(id, sign)
    JOIN "TallyEntry" e ON e.id = m.id, jsonb_each_text(e.votes) v
   WHERE w.was_verified IS DISTINCT FROM w.verified
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT ("electionId", ballot, "areaCode", number) DO UPDATE SET votes = t.votes + EXCLUDED.votes;
END;
$$;
