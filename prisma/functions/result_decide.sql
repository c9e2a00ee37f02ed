-- The current definition of result_decide, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- The "decide" transition (web/tally/result-machine.ts): a head or the war room picks the
-- entry that is right, with a reason, on the signed form's photo, naming each anomaly of
-- that entry it accepts. p_from: the states this actor may decide, from the table (a head:
-- disputed; the war room: disputed or escalated). Under the unit ballot's lock, as every
-- writer (result_open); the area rows settled at the end (tally_settle). Writes nothing
-- unless it decides. Outcome: decided | reasonRequired | noResult | notAllowed | noEntry |
-- unaccepted | noFormPhoto.
CREATE OR REPLACE FUNCTION result_decide(p_election uuid, p_unit text, p_ballot text, p_entry uuid, p_actor uuid,
                                         p_reason text, p_accepts text[], p_from text[])
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_keys jsonb := jsonb_build_array(jsonb_build_object('election', p_election, 'unit', p_unit, 'ballot', p_ballot));
  r "UnitResult"%ROWTYPE;
  v_flags text[];
  v_outcome text;
BEGIN
  IF p_reason IS NULL OR btrim(p_reason) = '' THEN
    RETURN 'reasonRequired';
  END IF;
  r := result_open(p_election, p_unit, p_ballot);
  IF r."unitCode" IS NULL THEN
    v_outcome := 'noResult';
  ELSIF NOT r.status::text = ANY(p_from) THEN
    v_outcome := 'notAllowed';
  ELSE
    SELECT e.flags INTO v_flags FROM "TallyEntry" e
     WHERE e.id = p_entry AND e."electionId" = p_election AND e."unitCode" = p_unit AND e.ballot = p_ballot;
    IF NOT FOUND THEN
      v_outcome := 'noEntry';
    ELSIF EXISTS (SELECT 1 FROM unnest(v_flags) f WHERE NOT f = ANY(coalesce(p_accepts, '{}'))) THEN
      v_outcome := 'unaccepted';
    ELSIF NOT EXISTS (SELECT 1 FROM "TallyPhoto" p WHERE p."electionId" = p_election AND p."unitCode" = p_unit
                         AND p.ballot = p_ballot AND p.kind = 'form' AND p."entryId" IS NOT NULL) THEN
      v_outcome := 'noFormPhoto';
    END IF;
  END IF;
  IF v_outcome IS NOT NULL THEN
    PERFORM set_config('tally.deferred', 'off', true);
    RETURN v_outcome;
  END IF;

  -- A decision, on the signed form's photo; flagged stays what the entries say.
  UPDATE "UnitResult" u SET status = 'verified', "verifiedEntryId" = p_entry, decided = true, "hasFormPhoto" = true, "updatedAt" = now()
   WHERE u."electionId" = p_election AND u."unitCode" = p_unit AND u.ballot = p_ballot;
  IF r."verifiedEntryId" IS DISTINCT FROM p_entry THEN
    PERFORM tally_move_verified(p_election, p_unit, p_ballot, r."verifiedEntryId", p_entry);
  ELSE
    -- The figures already counted stand, now by a decision.
    PERFORM result_log(p_election, p_unit, p_ballot, 'restated', p_entry);
  END IF;
  INSERT INTO "ResultEvent" (id, "electionId", "unitCode", ballot, "fromStatus", "toStatus", "entryId", "actorId", reason, "acceptedFlags")
  VALUES (gen_random_uuid(), p_election, p_unit, p_ballot, r.status, 'verified', p_entry, p_actor, btrim(p_reason), v_flags);
  PERFORM tally_settle(v_keys, jsonb_build_array(to_jsonb(r)));
  RETURN 'decided';
END;
$$;
