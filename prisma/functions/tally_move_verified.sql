-- The current definition of tally_move_verified, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- Moves a unit ballot's verified figures out of / into the running totals, and logs the change.
CREATE OR REPLACE FUNCTION tally_move_verified(p_election uuid, p_unit text, p_ballot "BallotKind", p_from uuid, p_to uuid)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  step record;
BEGIN
  IF p_from IS NOT DISTINCT FROM p_to THEN
    RETURN;
  END IF;
  FOR step IN SELECT x.id, x.sign FROM (VALUES (p_from, -1), (p_to, 1)) AS x(id, sign) WHERE x.id IS NOT NULL LOOP
    INSERT INTO "ConstituencyTotal" ("electionId", ballot, "constituencyId", "unitsVerified", eligible, voters, "ballotsUsed", invalid, "voteNo")
    SELECT p_election, p_ballot, left(p_unit, 5), step.sign, step.sign * eligible, step.sign * voters, step.sign * "ballotsUsed", step.sign * invalid, step.sign * "voteNo"
      FROM "TallyEntry" WHERE id = step.id
    ON CONFLICT ("electionId", ballot, "constituencyId") DO UPDATE SET
      "unitsVerified" = "ConstituencyTotal"."unitsVerified" + EXCLUDED."unitsVerified", eligible = "ConstituencyTotal".eligible + EXCLUDED.eligible,
      voters = "ConstituencyTotal".voters + EXCLUDED.voters, "ballotsUsed" = "ConstituencyTotal"."ballotsUsed" + EXCLUDED."ballotsUsed",
      invalid = "ConstituencyTotal".invalid + EXCLUDED.invalid, "voteNo" = "ConstituencyTotal"."voteNo" + EXCLUDED."voteNo";
    INSERT INTO "VoteTotal" ("electionId", ballot, "constituencyId", number, votes)
    SELECT p_election, p_ballot, left(p_unit, 5), v.key::int, step.sign * v.value::int FROM "TallyEntry" e, jsonb_each_text(e.votes) v WHERE e.id = step.id
    ON CONFLICT ("electionId", ballot, "constituencyId", number) DO UPDATE SET votes = "VoteTotal".votes + EXCLUDED.votes;
  END LOOP;
  INSERT INTO "ResultChange" ("electionId", "unitCode", ballot, kind, "entryId")
  VALUES (p_election, p_unit, p_ballot, CASE WHEN p_from IS NULL THEN 'verified' WHEN p_to IS NULL THEN 'withdrawn' ELSE 'corrected' END, p_to);
END;
$$;
