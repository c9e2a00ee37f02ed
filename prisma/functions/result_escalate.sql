-- The current definition of result_escalate, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- The "escalate" transition (web/tally/result-machine.ts): a head sends a dispute up to
-- the war room, with a reason. p_from: the states this actor may escalate, from the table.
-- Under the unit ballot's lock (result_open), the area rows settled at the end
-- (tally_settle); a unit whose earlier figures still count says so in the feed (restated).
-- Outcome: escalated | reasonRequired | noResult | notAllowed.
CREATE OR REPLACE FUNCTION result_escalate(p_election uuid, p_unit text, p_ballot text, p_actor uuid, p_reason text, p_from text[])
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_keys jsonb := jsonb_build_array(jsonb_build_object('election', p_election, 'unit', p_unit, 'ballot', p_ballot));
  r "UnitResult"%ROWTYPE;
BEGIN
  IF p_reason IS NULL OR btrim(p_reason) = '' THEN
    RETURN 'reasonRequired';
  END IF;
  r := result_open(p_election, p_unit, p_ballot);
  IF r."unitCode" IS NULL OR NOT r.status::text = ANY(p_from) THEN
    PERFORM set_config('tally.deferred', 'off', true);
    RETURN CASE WHEN r."unitCode" IS NULL THEN 'noResult' ELSE 'notAllowed' END;
  END IF;
  UPDATE "UnitResult" u SET status = 'escalated', "updatedAt" = now()
   WHERE u."electionId" = p_election AND u."unitCode" = p_unit AND u.ballot = p_ballot;
  IF r."verifiedEntryId" IS NOT NULL THEN
    PERFORM result_log(p_election, p_unit, p_ballot, 'restated', r."verifiedEntryId");
  END IF;
  INSERT INTO "ResultEvent" (id, "electionId", "unitCode", ballot, "fromStatus", "toStatus", "actorId", reason)
  VALUES (gen_random_uuid(), p_election, p_unit, p_ballot, r.status, 'escalated', p_actor, btrim(p_reason));
  PERFORM tally_settle(v_keys, jsonb_build_array(to_jsonb(r)));
  RETURN 'escalated';
END;
$$;
