-- The current definition of tally_submit, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- Records one entry (idempotent by submission id) and recomputes the unit ballot's result:
-- each person's latest entry counts. Two or more people, one fingerprint, nothing flagged,
-- and a photo of the signed form sent with one of this election's entries: verified (the
-- earliest of those entries); agreeing without that photo: reported (ADR 0022). People disagreeing, or agreeing on a flagged
-- form: disputed (escalated stays escalated, the last verified figures stay in the
-- totals). One person: reported, or disputed if flagged — and a unit that was verified
-- (by agreement or by a decision) leaves the totals: a `withdrawn` change. The rule is
-- stated in web/tally/result-machine.ts (entryOutcome), the transition table's home.
-- A person's second entry is a correction and needs its reason; without one nothing is
-- written. The unit's other ballot is compared here, where its latest entry is at hand:
-- other eligible voters or voters who came add the anomaly ballotsDisagree (taxonomy:
-- web/tally/tally-rules.ts) to the flags, which are returned.
-- outcome: created | replay | reused | reasonRequired.
CREATE OR REPLACE FUNCTION tally_submit(
  p_submission uuid, p_election uuid, p_unit text, p_ballot text, p_source text, p_user uuid,
  p_eligible int, p_voters int, p_received int, p_used int, p_left int, p_invalid int, p_vote_no int,
  p_votes jsonb, p_flags text[], p_fingerprint text, p_photos uuid[],
  p_valid int, p_remarks text, p_count_started text, p_count_ended text, p_form_posted boolean, p_correction_reason text)
RETURNS TABLE (entry_id uuid, result_status "ResultStatus", outcome text, entry_flags text[]) LANGUAGE plpgsql AS $$
DECLARE
  v_id uuid;
  v_seen record;
  v_has_current boolean;
  v_current_status "ResultStatus";
  v_current_verified uuid;
  v_current_decided boolean;
  v_current_photo boolean;
  v_current_flagged boolean;
  v_current_reported boolean;
  v_decided boolean;
  v_flags text[] := coalesce(p_flags, '{}');
  v_other_eligible int;
  v_other_voters int;
  v_correction boolean;
  v_people int;
  v_prints int;
  v_flagged boolean;
  v_status "ResultStatus";
  v_verified uuid;
  v_earliest uuid;
  v_form_photo boolean;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('tally:' || p_election || ':' || p_unit || ':' || p_ballot));
  SELECT e.id, e."enteredById", e."unitCode", e.ballot, e.fingerprint INTO v_seen FROM "TallyEntry" e WHERE e."submissionId" = p_submission;
  IF FOUND THEN
    IF v_seen."enteredById" = p_user AND v_seen."unitCode" = p_unit AND v_seen.ballot = p_ballot AND v_seen.fingerprint = p_fingerprint THEN
      RETURN QUERY SELECT v_seen.id, (SELECT r.status FROM "UnitResult" r WHERE r."electionId" = p_election AND r."unitCode" = p_unit AND r.ballot = p_ballot), 'replay'::text,
                          (SELECT x.flags FROM "TallyEntry" x WHERE x.id = v_seen.id);
    ELSE
      RETURN QUERY SELECT v_seen.id, NULL::"ResultStatus", 'reused'::text, NULL::text[];
    END IF;
    RETURN;
  END IF;

  -- One read of the unit's entries (a few): whether this person sent this ballot before
  -- (a correction), and the latest entry of its other ballots.
  SELECT coalesce(bool_or(e.ballot = p_ballot AND e."enteredById" = p_user), false),
         (array_agg(e.eligible ORDER BY e."createdAt" DESC, e.id DESC) FILTER (WHERE e.ballot <> p_ballot))[1],
         (array_agg(e.voters ORDER BY e."createdAt" DESC, e.id DESC) FILTER (WHERE e.ballot <> p_ballot))[1]
    INTO v_correction, v_other_eligible, v_other_voters
    FROM "TallyEntry" e WHERE e."electionId" = p_election AND e."unitCode" = p_unit;
  IF v_correction AND p_correction_reason IS NULL THEN
    RETURN QUERY SELECT NULL::uuid, NULL::"ResultStatus", 'reasonRequired'::text, NULL::text[];
    RETURN;
  END IF;

  IF (v_other_eligible <> p_eligible OR v_other_voters <> p_voters) AND NOT 'ballotsDisagree' = ANY(v_flags) THEN
    v_flags := array_append(v_flags, 'ballotsDisagree');
  END IF;

  -- createdAt is the moment of writing, not of the transaction: entries of one batch keep
  -- their order ("latest" means the last written).
  INSERT INTO "TallyEntry" (id, "submissionId", "electionId", "unitCode", ballot, source, "enteredById", eligible, voters, "ballotsReceived",
                            "ballotsUsed", "ballotsLeftOver", invalid, "voteNo", votes, flags, fingerprint,
                            valid, remarks, "countStartedAt", "countEndedAt", "formPosted", "correctionReason", "createdAt")
  VALUES (gen_random_uuid(), p_submission, p_election, p_unit, p_ballot,
          CASE WHEN v_correction THEN 'correction' ELSE p_source END,
          p_user, p_eligible, p_voters, p_received, p_used, p_left, p_invalid, p_vote_no, p_votes, v_flags, p_fingerprint,
          p_valid, p_remarks, p_count_started, p_count_ended, p_form_posted, p_correction_reason, clock_timestamp())
  ON CONFLICT ("submissionId") DO NOTHING
  RETURNING id INTO v_id;
  IF v_id IS NULL THEN
    -- The same id sent for another unit at the same moment.
    RETURN QUERY SELECT NULL::uuid, NULL::"ResultStatus", 'reused'::text, NULL::text[];
    RETURN;
  END IF;
  IF p_photos IS NOT NULL AND cardinality(p_photos) > 0 THEN
    UPDATE "TallyPhoto" SET "entryId" = v_id
     WHERE id = ANY(p_photos) AND "electionId" = p_election AND "unitCode" = p_unit AND "entryId" IS NULL;
  END IF;

  -- Each person's latest entry, and the earliest of those (the verified one, if verified).
  SELECT count(*), count(DISTINCT l.fingerprint), coalesce(bool_or(l.flagged), false), (array_agg(l.id ORDER BY l."createdAt", l.id))[1]
    INTO v_people, v_prints, v_flagged, v_earliest
    FROM (SELECT DISTINCT ON (e."enteredById") e.id, e."createdAt", e.fingerprint, cardinality(e.flags) > 0 AS flagged
            FROM "TallyEntry" e WHERE e."electionId" = p_election AND e."unitCode" = p_unit AND e.ballot = p_ballot
           ORDER BY e."enteredById", e."createdAt" DESC, e.id DESC) l;

  SELECT r.status, r."verifiedEntryId", r.decided, r."hasFormPhoto", r.flagged, r.reported
    INTO v_current_status, v_current_verified, v_current_decided, v_current_photo, v_current_flagged, v_current_reported
    -- No row lock: the unit ballot's lock, taken above, is held by every writer of this row.
    FROM "UnitResult" r WHERE r."electionId" = p_election AND r."unitCode" = p_unit AND r.ballot = p_ballot;
  v_has_current := FOUND;

  -- Once sent, a form photo stays (entries are never changed): look only until there is one.
  v_form_photo := coalesce(v_current_photo, false) OR EXISTS (
    SELECT 1 FROM "TallyPhoto" p
     WHERE p."electionId" = p_election AND p."unitCode" = p_unit AND p.ballot = p_ballot AND p.kind = 'form' AND p."entryId" IS NOT NULL);

  IF v_people >= 2 AND v_prints = 1 AND NOT v_flagged AND v_form_photo THEN
    v_status := 'verified';
    v_verified := v_earliest;
  ELSIF v_people >= 2 AND v_prints = 1 AND NOT v_flagged THEN
    -- Agreeing counts without the signed form's photo: never more than reported.
    v_status := 'reported';
    v_verified := NULL;
  ELSIF v_people >= 2 THEN
    v_status := CASE WHEN v_current_status = 'escalated' THEN 'escalated'::"ResultStatus" ELSE 'disputed'::"ResultStatus" END;
    v_verified := v_current_verified;
  ELSE
    v_status := CASE WHEN v_flagged THEN 'disputed'::"ResultStatus" ELSE 'reported'::"ResultStatus" END;
    v_verified := NULL;
  END IF;

  -- A decision's pick stays decided while it is still the verified entry, unless agreeing
  -- entries now verify the unit by themselves.
  v_decided := v_verified IS NOT NULL AND v_verified IS NOT DISTINCT FROM v_current_verified AND coalesce(v_current_decided, false)
               AND NOT (v_status = 'verified' AND v_current_status IS DISTINCT FROM 'verified');

  IF NOT v_has_current OR v_current_status IS DISTINCT FROM v_status OR v_current_verified IS DISTINCT FROM v_verified
     OR v_current_decided IS DISTINCT FROM v_decided OR v_current_photo IS DISTINCT FROM v_form_photo
     OR v_current_flagged IS DISTINCT FROM v_flagged OR NOT v_current_reported THEN
    INSERT INTO "UnitResult" ("electionId", "unitCode", ballot, status, "verifiedEntryId", decided, "hasFormPhoto", flagged, reported, "updatedAt")
    VALUES (p_election, p_unit, p_ballot, v_status, v_verified, v_decided, v_form_photo, v_flagged, true, now())
    ON CONFLICT ("electionId", "unitCode", ballot) DO UPDATE SET status = EXCLUDED.status, "verifiedEntryId" = EXCLUDED."verifiedEntryId",
      decided = EXCLUDED.decided, "hasFormPhoto" = EXCLUDED."hasFormPhoto", flagged = EXCLUDED.flagged, reported = true, "updatedAt" = now();
  END IF;
  IF NOT v_has_current OR v_current_status IS DISTINCT FROM v_status OR v_current_verified IS DISTINCT FROM v_verified THEN
    -- Out of the totals as well as in: a verified unit that falls back to one person's
    -- entry must not stay counted (it would count twice once verified again).
    PERFORM tally_move_verified(p_election, p_unit, p_ballot, v_current_verified, v_verified);
    INSERT INTO "ResultEvent" (id, "electionId", "unitCode", ballot, "fromStatus", "toStatus", "entryId", "actorId", reason)
    VALUES (gen_random_uuid(), p_election, p_unit, p_ballot, v_current_status, v_status, coalesce(v_verified, v_id), p_user, 'entry');
  END IF;
  IF v_verified IS NOT NULL AND v_verified = v_current_verified
     AND (v_current_status, v_current_decided, v_current_photo, v_current_flagged) IS DISTINCT FROM (v_status, v_decided, v_form_photo, v_flagged) THEN
    -- The counted figures stand, their level changed (a new entry flagged, say): the feed says so.
    PERFORM result_log(p_election, p_unit, p_ballot, 'restated', v_verified);
  END IF;
  RETURN QUERY SELECT v_id, v_status, 'created'::text, v_flags;
END;
$$;
