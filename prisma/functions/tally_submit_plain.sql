-- The current definition of tally_submit_plain, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- A plain group of entries written set-based (ADR 0034): what tally_submit does entry by
-- entry, in a few statements for the whole group. Plain: every entry is new (its
-- submission id neither stored nor twice in the group), none is a correction (no entry of
-- that person for that unit ballot, stored or in the group) and no photo is named twice.
-- Then each unit ballot's latest entries per person are the stored ones plus the group's,
-- and the state after each entry follows from counts over the group's earlier entries;
-- only the step from one state to the next (escalated stays, a decision's pick stays
-- decided) is a loop, in memory. Anything else — a replay, a reused id, a correction —
-- returns NULL and tally_submit_many writes the group entry by entry (tally_submit.sql),
-- which defines the semantics; test/integration/tally-plain.test.ts holds the two equal.
-- Called by tally_submit_many under its units' locks, with the area rows deferred;
-- p_before: the group's UnitResult rows as they were. Returns
-- [{ord, entry_id, result_status, entry_flags}], one per entry, or NULL.
CREATE OR REPLACE FUNCTION tally_submit_plain(p_entries jsonb, p_before jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_plain boolean;
  v_steps jsonb;
  r record;
  v_key text := NULL;
  -- The unit ballot's row as the previous entry left it (as tally_submit reads it).
  v_has boolean; v_status "ResultStatus"; v_verified uuid; v_decided boolean; v_photo boolean; v_flagged boolean; v_reported boolean;
  v_photo_now boolean;
  n_status "ResultStatus"; n_verified uuid; n_decided boolean;
  -- What the loop decides, written set-based after it.
  o_ord bigint[] := '{}'; o_status "ResultStatus"[] := '{}';
  e_election uuid[] := '{}'; e_unit text[] := '{}'; e_ballot text[] := '{}'; e_from "ResultStatus"[] := '{}';
  e_to "ResultStatus"[] := '{}'; e_entry uuid[] := '{}'; e_actor uuid[] := '{}';
  c_election uuid[] := '{}'; c_unit text[] := '{}'; c_ballot text[] := '{}'; c_kind text[] := '{}'; c_entry uuid[] := '{}';
  u_election uuid[] := '{}'; u_unit text[] := '{}'; u_ballot text[] := '{}'; u_status "ResultStatus"[] := '{}';
  u_verified uuid[] := '{}'; u_decided boolean[] := '{}'; u_photo boolean[] := '{}'; u_flagged boolean[] := '{}';
  v_rows bigint;
BEGIN
  WITH x AS (SELECT * FROM jsonb_to_recordset(p_entries) AS x(submission uuid, election uuid, unit text, ballot text, actor uuid, photos uuid[]))
  SELECT (SELECT count(*) = count(DISTINCT x.submission) AND count(*) = count(DISTINCT (x.actor, x.election, x.unit, x.ballot)) FROM x)
     AND (SELECT count(p) = count(DISTINCT p) FROM x, unnest(x.photos) p)
     -- One index lookup each (LATERAL and LIMIT keep the planner from scanning the table).
     AND NOT EXISTS (SELECT 1 FROM x CROSS JOIN LATERAL (SELECT 1 FROM "TallyEntry" t WHERE t."submissionId" = x.submission LIMIT 1) t)
     AND NOT EXISTS (SELECT 1 FROM x CROSS JOIN LATERAL (SELECT 1 FROM "TallyEntry" t
                                                          WHERE t."electionId" = x.election AND t."unitCode" = x.unit
                                                            AND t.ballot = x.ballot AND t."enteredById" = x.actor LIMIT 1) t)
    INTO v_plain;
  IF NOT v_plain THEN
    RETURN NULL;
  END IF;

  WITH g AS MATERIALIZED (
    SELECT x.*, row_number() OVER () AS ord, gen_random_uuid() AS id
      FROM jsonb_to_recordset(p_entries) AS x(
        submission uuid, election uuid, unit text, ballot text, source text, actor uuid,
        eligible int, voters int, received int, used int, left_over int, invalid int, vote_no int,
        votes jsonb, flags text[], fingerprint text, photos uuid[],
        valid int, remarks text, count_started text, count_ended text, form_posted boolean, correction_reason text)
  ), f AS MATERIALIZED (
    -- The flags as stored: ballotsDisagree where the unit's latest entry of another ballot
    -- (the group's before this one, else the stored ones) has other eligible voters or voters.
    SELECT g.*, row_number() OVER (PARTITION BY g.election, g.unit, g.ballot ORDER BY g.ord) AS nth,
           CASE WHEN coalesce(CASE WHEN gh.found THEN gh.eligible <> g.eligible OR gh.voters <> g.voters
                                   ELSE th.eligible <> g.eligible OR th.voters <> g.voters END, false)
                     AND NOT 'ballotsDisagree' = ANY(coalesce(g.flags, '{}'))
                THEN array_append(coalesce(g.flags, '{}'), 'ballotsDisagree') ELSE coalesce(g.flags, '{}') END AS stored_flags
      FROM g
      LEFT JOIN LATERAL (SELECT true AS found, h.eligible, h.voters FROM g h
                          WHERE h.election = g.election AND h.unit = g.unit AND h.ballot <> g.ballot AND h.ord < g.ord
                          ORDER BY h.ord DESC LIMIT 1) gh ON true
      LEFT JOIN LATERAL (SELECT e.eligible, e.voters FROM "TallyEntry" e
                          WHERE e."electionId" = g.election AND e."unitCode" = g.unit AND e.ballot <> g.ballot
                          ORDER BY e."createdAt" DESC, e.id DESC LIMIT 1) th ON true
  ), ins AS (
    -- createdAt is the moment of writing, to the microsecond: the group's entries keep
    -- their order (each a microsecond after the last at least).
    INSERT INTO "TallyEntry" (id, "submissionId", "electionId", "unitCode", ballot, source, "enteredById", eligible, voters, "ballotsReceived",
                              "ballotsUsed", "ballotsLeftOver", invalid, "voteNo", votes, flags, fingerprint,
                              valid, remarks, "countStartedAt", "countEndedAt", "formPosted", "correctionReason", "createdAt")
    SELECT f.id, f.submission, f.election, f.unit, f.ballot, f.source, f.actor, f.eligible, f.voters, f.received, f.used, f.left_over,
           f.invalid, f.vote_no, f.votes, f.stored_flags, f.fingerprint, f.valid, f.remarks, f.count_started, f.count_ended,
           f.form_posted, f.correction_reason, clock_timestamp() + (f.ord - 1) * interval '1 microsecond'
      FROM f ORDER BY f.ord
    RETURNING id
  ), ph AS (
    UPDATE "TallyPhoto" p SET "entryId" = f.id FROM f
     -- The photos found by their ids first (else the planner may scan the table).
     WHERE p.id = ANY(ARRAY(SELECT unnest(h.photos) FROM f h)) AND p.id = ANY(f.photos) AND p."unitCode" = f.unit AND p."entryId" IS NULL
    RETURNING f.ord, f.election, f.unit, p.ballot, p.kind
  ), stored AS (
    -- Each unit ballot's stored latest entries per person, and whether a form photo was sent.
    SELECT k.election, k.unit, k.ballot, s.people, s.prints, s.flagged, s.earliest_id,
           EXISTS (SELECT 1 FROM "TallyPhoto" p JOIN "TallyEntry" e ON e.id = p."entryId"
                    WHERE p."unitCode" = k.unit AND p.ballot = k.ballot AND p.kind = 'form' AND e."electionId" = k.election) AS photo
      FROM (SELECT DISTINCT f.election, f.unit, f.ballot FROM f) k
      CROSS JOIN LATERAL (
        SELECT count(*) AS people, coalesce(array_agg(DISTINCT l.fingerprint), '{}') AS prints, coalesce(bool_or(l.flagged), false) AS flagged,
               (array_agg(l.id ORDER BY l."createdAt", l.id))[1] AS earliest_id
          FROM (SELECT DISTINCT ON (e."enteredById") e.id, e."createdAt", e.fingerprint, cardinality(e.flags) > 0 AS flagged
                  FROM "TallyEntry" e WHERE e."electionId" = k.election AND e."unitCode" = k.unit AND e.ballot = k.ballot
                 ORDER BY e."enteredById", e."createdAt" DESC, e.id DESC) l) s
  ), fi AS (
    SELECT f.* FROM f JOIN ins ON ins.id = f.id
  )
  -- After each entry: the people, fingerprints and flags among the latest entries, the form
  -- photo, and the earliest of those entries.
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'ord', fi.ord, 'id', fi.id, 'flags', fi.stored_flags, 'election', fi.election, 'unit', fi.unit, 'ballot', fi.ballot, 'actor', fi.actor,
           'people', s.people + fi.nth,
           'prints', (SELECT count(DISTINCT q.fp) FROM (SELECT unnest(s.prints) UNION ALL
                        SELECT h.fingerprint FROM fi h WHERE h.election = fi.election AND h.unit = fi.unit AND h.ballot = fi.ballot AND h.ord <= fi.ord) q(fp)),
           'flagged', s.flagged OR EXISTS (SELECT 1 FROM fi h WHERE h.election = fi.election AND h.unit = fi.unit AND h.ballot = fi.ballot
                                                                AND h.ord <= fi.ord AND cardinality(h.stored_flags) > 0),
           'photo', s.photo OR EXISTS (SELECT 1 FROM ph WHERE ph.election = fi.election AND ph.unit = fi.unit AND ph.ballot = fi.ballot
                                                         AND ph.kind = 'form' AND ph.ord <= fi.ord),
           -- The stored ones were written before the group; the group's in its order.
           'earliest', CASE WHEN s.people > 0 THEN s.earliest_id
                            ELSE (SELECT h.id FROM f h WHERE h.election = fi.election AND h.unit = fi.unit AND h.ballot = fi.ballot AND h.nth = 1) END)
           ORDER BY fi.election, fi.unit, fi.ballot, fi.ord), '[]')
    INTO v_steps
    FROM fi JOIN stored s ON s.election = fi.election AND s.unit = fi.unit AND s.ballot = fi.ballot;

  -- tally_submit's decision, entry by entry, from the row the previous entry left.
  FOR r IN SELECT y.*, b.status AS b_status, b."verifiedEntryId" AS b_verified, b.decided AS b_decided, b."hasFormPhoto" AS b_photo,
                  b.flagged AS b_flagged, b.reported AS b_reported, b."unitCode" IS NOT NULL AS b_has
             FROM jsonb_to_recordset(v_steps) AS y(ord bigint, id uuid, election uuid, unit text, ballot text, actor uuid,
                                                   people int, prints int, flagged boolean, photo boolean, earliest uuid)
             LEFT JOIN jsonb_to_recordset(p_before) AS b("electionId" uuid, "unitCode" text, ballot text, status "ResultStatus",
                                                         "verifiedEntryId" uuid, decided boolean, "hasFormPhoto" boolean, flagged boolean, reported boolean)
                    ON b."electionId" = y.election AND b."unitCode" = y.unit AND b.ballot = y.ballot
            ORDER BY y.election, y.unit, y.ballot, y.ord LOOP
    IF v_key IS DISTINCT FROM r.election || ':' || r.unit || ':' || r.ballot THEN
      v_key := r.election || ':' || r.unit || ':' || r.ballot;
      v_has := r.b_has; v_status := r.b_status; v_verified := r.b_verified; v_decided := r.b_decided;
      v_photo := r.b_photo; v_flagged := r.b_flagged; v_reported := r.b_reported;
    END IF;
    v_photo_now := coalesce(v_photo, false) OR r.photo;
    IF r.people >= 2 AND r.prints = 1 AND NOT r.flagged AND v_photo_now THEN
      n_status := 'verified'; n_verified := r.earliest;
    ELSIF r.people >= 2 AND r.prints = 1 AND NOT r.flagged THEN
      n_status := 'reported'; n_verified := NULL;
    ELSIF r.people >= 2 THEN
      n_status := CASE WHEN v_status = 'escalated' THEN 'escalated'::"ResultStatus" ELSE 'disputed'::"ResultStatus" END;
      n_verified := v_verified;
    ELSE
      n_status := CASE WHEN r.flagged THEN 'disputed'::"ResultStatus" ELSE 'reported'::"ResultStatus" END;
      n_verified := NULL;
    END IF;
    n_decided := n_verified IS NOT NULL AND n_verified IS NOT DISTINCT FROM v_verified AND coalesce(v_decided, false)
                 AND NOT (n_status = 'verified' AND v_status IS DISTINCT FROM 'verified');
    IF NOT v_has OR v_status IS DISTINCT FROM n_status OR v_verified IS DISTINCT FROM n_verified
       OR v_decided IS DISTINCT FROM n_decided OR v_photo IS DISTINCT FROM v_photo_now
       OR v_flagged IS DISTINCT FROM r.flagged OR NOT v_reported THEN
      u_election := array_append(u_election, r.election); u_unit := array_append(u_unit, r.unit); u_ballot := array_append(u_ballot, r.ballot);
      u_status := array_append(u_status, n_status); u_verified := array_append(u_verified, n_verified); u_decided := array_append(u_decided, n_decided);
      u_photo := array_append(u_photo, v_photo_now); u_flagged := array_append(u_flagged, r.flagged);
    END IF;
    IF NOT v_has OR v_status IS DISTINCT FROM n_status OR v_verified IS DISTINCT FROM n_verified THEN
      IF v_verified IS DISTINCT FROM n_verified THEN
        c_election := array_append(c_election, r.election); c_unit := array_append(c_unit, r.unit); c_ballot := array_append(c_ballot, r.ballot);
        c_kind := array_append(c_kind, CASE WHEN v_verified IS NULL THEN 'verified' WHEN n_verified IS NULL THEN 'withdrawn' ELSE 'corrected' END);
        c_entry := array_append(c_entry, n_verified);
      END IF;
      e_election := array_append(e_election, r.election); e_unit := array_append(e_unit, r.unit); e_ballot := array_append(e_ballot, r.ballot);
      e_from := array_append(e_from, CASE WHEN v_has THEN v_status END); e_to := array_append(e_to, n_status);
      e_entry := array_append(e_entry, coalesce(n_verified, r.id)); e_actor := array_append(e_actor, r.actor);
    END IF;
    o_ord := array_append(o_ord, r.ord); o_status := array_append(o_status, n_status);
    v_has := true; v_status := n_status; v_verified := n_verified; v_decided := n_decided;
    v_photo := v_photo_now; v_flagged := r.flagged; v_reported := true;
  END LOOP;

  -- The unit ballots' rows as the last entry left them.
  INSERT INTO "UnitResult" ("electionId", "unitCode", ballot, status, "verifiedEntryId", decided, "hasFormPhoto", flagged, reported, "updatedAt")
  SELECT DISTINCT ON (w.election, w.unit, w.ballot) w.election, w.unit, w.ballot, w.status, w.verified, w.decided, w.photo, w.flagged, true, now()
    FROM unnest(u_election, u_unit, u_ballot, u_status, u_verified, u_decided, u_photo, u_flagged)
         WITH ORDINALITY AS w(election, unit, ballot, status, verified, decided, photo, flagged, n)
   ORDER BY w.election, w.unit, w.ballot, w.n DESC
  ON CONFLICT ("electionId", "unitCode", ballot) DO UPDATE SET status = EXCLUDED.status, "verifiedEntryId" = EXCLUDED."verifiedEntryId",
    decided = EXCLUDED.decided, "hasFormPhoto" = EXCLUDED."hasFormPhoto", flagged = EXCLUDED.flagged, reported = true, "updatedAt" = now();

  -- The totals' log (tally_move_verified, deferred: tally_settle moves the totals), for
  -- units with an area in the contest only, as there.
  INSERT INTO "ResultChange" ("electionId", "unitCode", ballot, kind, "entryId")
  SELECT c.election, c.unit, c.ballot, c.kind, c.entry
    FROM unnest(c_election, c_unit, c_ballot, c_kind, c_entry) WITH ORDINALITY AS c(election, unit, ballot, kind, entry, n)
   WHERE EXISTS (SELECT 1 FROM "AreaUnit" a WHERE a."electionId" = c.election AND a.ballot = c.ballot AND a."unitCode" = c.unit)
   ORDER BY c.n;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  IF v_rows < cardinality(c_unit) THEN
    RAISE EXCEPTION 'a unit of this group has no area in its contest (election %)', c_election[1];
  END IF;

  INSERT INTO "ResultEvent" (id, "electionId", "unitCode", ballot, "fromStatus", "toStatus", "entryId", "actorId", reason)
  SELECT gen_random_uuid(), e.election, e.unit, e.ballot, e.from_status, e.to_status, e.entry, e.actor, 'entry'
    FROM unnest(e_election, e_unit, e_ballot, e_from, e_to, e_entry, e_actor) WITH ORDINALITY AS e(election, unit, ballot, from_status, to_status, entry, actor, n)
   ORDER BY e.n;

  RETURN (SELECT jsonb_agg(jsonb_build_object('ord', o.ord, 'entry_id', y.id, 'result_status', o.status, 'entry_flags', y.flags) ORDER BY o.ord)
            FROM unnest(o_ord, o_status) AS o(ord, status)
            JOIN jsonb_to_recordset(v_steps) AS y(ord bigint, id uuid, flags text[]) ON y.ord = o.ord);
END;
$$;
