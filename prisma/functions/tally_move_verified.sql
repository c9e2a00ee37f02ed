-- The current definition of tally_move_verified, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- Moves a unit ballot's verified figures out of / into the running totals of the unit's
-- area in that contest (AreaUnit), and logs the change with the unit ballot's state as of
-- it (result_log: call it after the UnitResult row is written). p_ballot is the contest's
-- key. Deferred (tally.deferred on, ADR 0030), it only logs: tally_settle moves the totals.
CREATE OR REPLACE FUNCTION tally_move_verified(p_election uuid, p_unit text, p_ballot text, p_from uuid, p_to uuid)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  step record;
  v_area text;
BEGIN
  IF p_from IS NOT DISTINCT FROM p_to THEN
    RETURN;
  END IF;
  SELECT a."areaCode" INTO v_area FROM "AreaUnit" a
   WHERE a."electionId" = p_election AND a.ballot = p_ballot AND a."unitCode" = p_unit;
  IF v_area IS NULL THEN
    RAISE EXCEPTION 'unit % has no area in contest % of election %', p_unit, p_ballot, p_election;
  END IF;
  IF current_setting('tally.deferred', true) IS DISTINCT FROM 'on' THEN
    FOR step IN SELECT x.id, x.sign FROM (VALUES (p_from, -1), (p_to, 1)) AS x(id, sign) WHERE x.id IS NOT NULL LOOP
      INSERT INTO "AreaTotal" ("electionId", ballot, "areaCode", "unitsVerified", eligible, voters, "ballotsUsed", invalid, "voteNo")
      SELECT p_election, p_ballot, v_area, step.sign, step.sign * eligible, step.sign * voters, step.sign * "ballotsUsed", step.sign * invalid, step.sign * "voteNo"
        FROM "TallyEntry" WHERE id = step.id
      ON CONFLICT ("electionId", ballot, "areaCode") DO UPDATE SET
        "unitsVerified" = "AreaTotal"."unitsVerified" + EXCLUDED."unitsVerified", eligible = "AreaTotal".eligible + EXCLUDED.eligible,
        voters = "AreaTotal".voters + EXCLUDED.voters, "ballotsUsed" = "AreaTotal"."ballotsUsed" + EXCLUDED."ballotsUsed",
        invalid = "AreaTotal".invalid + EXCLUDED.invalid, "voteNo" = "AreaTotal"."voteNo" + EXCLUDED."voteNo";
      INSERT INTO "VoteTotal" ("electionId", ballot, "areaCode", number, votes)
      SELECT p_election, p_ballot, v_area, v.key::int, step.sign * v.value::int FROM "TallyEntry" e, jsonb_each_text(e.votes) v WHERE e.id = step.id
      ON CONFLICT ("electionId", ballot, "areaCode", number) DO UPDATE SET votes = "VoteTotal".votes + EXCLUDED.votes;
    END LOOP;
  END IF;
  PERFORM result_log(p_election, p_unit, p_ballot,
                     CASE WHEN p_from IS NULL THEN 'verified' WHEN p_to IS NULL THEN 'withdrawn' ELSE 'corrected' END, p_to);
END;
$$;
