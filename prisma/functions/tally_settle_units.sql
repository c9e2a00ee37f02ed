-- The current definition of tally_settle_units, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- The end of a deferred write of many unit ballots (ADR 0030, 0034): ends the deferral,
-- takes the areas' locks in order and brings the area rows up to date at once, from each
-- unit ballot written: [{election, ballot, area, was, now, was_verified, verified}], its
-- state before and now ([status, decided, hasFormPhoto, flagged, reported], null for no
-- row) and its verified entry before and now. AreaStateCount moves by the difference of
-- the states, AreaTotal and VoteTotal by the move from one verified entry to the other.
-- Called by tally_settle, and by tally_submit_plain, which knows both states already.
CREATE OR REPLACE FUNCTION tally_settle_units(p_units jsonb)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  c text;
BEGIN
  PERFORM set_config('tally.deferred', 'off', true);
  -- The same order as every writer of unit ballots (tally.sql.server.ts, lockUnitBallot).
  FOR c IN SELECT DISTINCT w.election || ':' || w.ballot || ':' || w.area
             FROM jsonb_to_recordset(p_units) AS w(election uuid, ballot text, area text) ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('tally-area:' || c));
  END LOOP;

  -- Rows in key order, so that two settles never wait on each other's rows in a circle.
  INSERT INTO "AreaStateCount" AS t ("electionId", ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported, n)
  SELECT w.election, w.ballot, w.area, (s.state->>0)::"ResultStatus", (s.state->>1)::boolean, (s.state->>2)::boolean,
         (s.state->>3)::boolean, (s.state->>4)::boolean, sum(s.n)
    FROM jsonb_to_recordset(p_units) AS w(election uuid, ballot text, area text, was jsonb, now jsonb),
         LATERAL (VALUES (w.was, -1), (w.now, 1)) AS s(state, n)
   WHERE s.state IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(s.n) <> 0
   ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("electionId", ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported) DO UPDATE SET n = t.n + EXCLUDED.n;

  -- Out of the totals the verified entry before, into them the one now (as tally_move_verified).
  INSERT INTO "AreaTotal" AS t ("electionId", ballot, "areaCode", "unitsVerified", eligible, voters, "ballotsUsed", invalid, "voteNo")
  SELECT w.election, w.ballot, w.area, sum(m.sign), sum(m.sign * e.eligible), sum(m.sign * e.voters), sum(m.sign * e."ballotsUsed"),
         sum(m.sign * e.invalid), sum(m.sign * e."voteNo")
    FROM jsonb_to_recordset(p_units) AS w(election uuid, ballot text, area text, was_verified uuid, verified uuid),
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
    FROM jsonb_to_recordset(p_units) AS w(election uuid, ballot text, area text, was_verified uuid, verified uuid),
         LATERAL (VALUES (w.was_verified, -1), (w.verified, 1)) AS m(id, sign)
    JOIN "TallyEntry" e ON e.id = m.id, jsonb_each_text(e.votes) v
   WHERE w.was_verified IS DISTINCT FROM w.verified
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT ("electionId", ballot, "areaCode", number) DO UPDATE SET votes = t.votes + EXCLUDED.votes;
END;
$$;
