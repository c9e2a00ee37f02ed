-- The current definition of tally_submit_plain, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- A plain group of entries written set-based (ADR 0034): what tally_submit does entry by
-- entry, in two statements for the whole group. Plain: every entry is new (its
-- submission id neither stored nor twice in the group), none is a correction (no entry of
-- that person for that unit ballot, stored or in the group) and no photo is named twice.
-- Then each unit ballot's latest entries per person are the stored ones plus the group's,
-- the state after each entry follows from counts over the group's earlier entries, and
-- the step from one state to the next (escalated stays, a decision's pick stays decided)
-- from window functions over them. Anything else — a replay, a reused id, a correction,
-- more than 48 entries — returns NULL and tally_submit_many writes the group entry by entry (tally_submit.sql),
-- which defines the semantics; test/integration/tally-plain.test.ts holds the two equal.
-- Called by tally_submit_many under its units' locks, with the area rows deferred; it
-- settles the areas itself (tally_settle_units), from the states before and after that it
-- knows. Returns [{ord, entry_id, result_status, entry_flags}], one per entry, or NULL.
CREATE OR REPLACE FUNCTION tally_submit_plain(p_entries jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_plain boolean;
  v_out jsonb;
  v_unlogged bigint;
  v_units jsonb;
BEGIN
  WITH x AS (SELECT * FROM jsonb_to_recordset(p_entries) AS x(submission uuid, election uuid, unit text, ballot text, actor uuid, photos uuid[]))
  -- At most 48 entries: some of its per-entry facts look across the group (quadratic in
  -- its size). Up to there it is the faster (48 entries: 6.0–6.7 ms against 8.0–8.3 ms
  -- entry by entry); a group grown large under a slow database goes entry by entry.
  SELECT (SELECT count(*) <= 48 AND count(*) = count(DISTINCT x.submission)
                 AND count(*) = count(DISTINCT (x.actor, x.election, x.unit, x.ballot)) FROM x)
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
     WHERE p.id = ANY(ARRAY(SELECT unnest(h.photos) FROM f h)) AND p.id = ANY(f.photos) AND p."electionId" = f.election
       AND p."unitCode" = f.unit AND p."entryId" IS NULL
    RETURNING f.ord, f.election, f.unit, p.ballot, p.kind
  ), stored AS (
    -- Each unit ballot's stored latest entries per person, whether a form photo was sent,
    -- its area in the contest and its row before the group (one index lookup each).
    SELECT k.election, k.unit, k.ballot, s.people, s.prints, s.flagged, s.earliest_id,
           (SELECT au."areaCode" FROM "AreaUnit" au
             WHERE au."electionId" = k.election AND au.ballot = k.ballot AND au."unitCode" = k.unit LIMIT 1) AS area,
           (SELECT to_jsonb(u) FROM "UnitResult" u
             WHERE u."electionId" = k.election AND u."unitCode" = k.unit AND u.ballot = k.ballot LIMIT 1) AS before,
           EXISTS (SELECT 1 FROM "TallyPhoto" p
                    WHERE p."electionId" = k.election AND p."unitCode" = k.unit AND p.ballot = k.ballot AND p.kind = 'form'
                      AND p."entryId" IS NOT NULL) AS photo
      FROM (SELECT DISTINCT f.election, f.unit, f.ballot FROM f) k
      CROSS JOIN LATERAL (
        SELECT count(*) AS people, coalesce(array_agg(DISTINCT l.fingerprint), '{}') AS prints, coalesce(bool_or(l.flagged), false) AS flagged,
               (array_agg(l.id ORDER BY l."createdAt", l.id))[1] AS earliest_id
          FROM (SELECT DISTINCT ON (e."enteredById") e.id, e."createdAt", e.fingerprint, cardinality(e.flags) > 0 AS flagged
                  FROM "TallyEntry" e WHERE e."electionId" = k.election AND e."unitCode" = k.unit AND e.ballot = k.ballot
                 ORDER BY e."enteredById", e."createdAt" DESC, e.id DESC) l) s
  ), fi AS (
    SELECT f.* FROM f JOIN ins ON ins.id = f.id
  ), fact AS (
    -- After each entry: the people, fingerprints and flags among the latest entries, the
    -- form photo, and the earliest of those entries (the stored ones were written before
    -- the group; the group's in its order); and the unit ballot's row before the group.
    SELECT fi.ord, fi.id, fi.election, fi.unit, fi.ballot, fi.actor, fi.nth, fi.stored_flags, s.area,
           s.people + fi.nth AS people,
           (SELECT count(DISTINCT q.fp) FROM (SELECT unnest(s.prints) UNION ALL
              SELECT h.fingerprint FROM fi h WHERE h.election = fi.election AND h.unit = fi.unit AND h.ballot = fi.ballot AND h.ord <= fi.ord) q(fp)) = 1 AS one_print,
           s.flagged OR bool_or(cardinality(fi.stored_flags) > 0) OVER upto AS flagged,
           coalesce(b."hasFormPhoto", false) OR s.photo
             OR EXISTS (SELECT 1 FROM ph WHERE ph.election = fi.election AND ph.unit = fi.unit AND ph.ballot = fi.ballot
                                           AND ph.kind = 'form' AND ph.ord <= fi.ord) AS photo,
           CASE WHEN s.people > 0 THEN s.earliest_id ELSE first_value(fi.id) OVER upto END AS earliest,
           b."unitCode" IS NOT NULL AS b_has, b.status AS b_status, b."verifiedEntryId" AS b_verified, b.decided AS b_decided,
           b."hasFormPhoto" AS b_photo, b.flagged AS b_flagged, b.reported AS b_reported
      FROM fi JOIN stored s ON s.election = fi.election AND s.unit = fi.unit AND s.ballot = fi.ballot
      LEFT JOIN LATERAL jsonb_to_record(s.before) AS b("unitCode" text, status "ResultStatus", "verifiedEntryId" uuid, decided boolean,
                                                       "hasFormPhoto" boolean, flagged boolean, reported boolean) ON true
    WINDOW upto AS (PARTITION BY fi.election, fi.unit, fi.ballot ORDER BY fi.ord)
  ), kind AS (
    -- tally_submit's cases: V verified (two or more agree, nothing flagged, the form's
    -- photo), R reported (the same without the photo), D disagreeing or flagged with two or
    -- more, S one person. In a plain group the people only grow, and agreement, once lost,
    -- stays lost: a unit ballot's entries go S?, R*, V*, D*.
    SELECT x.*, CASE WHEN x.people >= 2 AND x.one_print AND NOT x.flagged AND x.photo THEN 'V'
                     WHEN x.people >= 2 AND x.one_print AND NOT x.flagged THEN 'R'
                     WHEN x.people >= 2 THEN 'D' ELSE 'S' END AS k
      FROM fact x
  ), first_d AS (
    -- The entries go S?, R*, V*, D*: the one before the first D is a V if there is any V.
    SELECT y.*, min(CASE WHEN y.k = 'D' THEN y.nth END) OVER u AS d_from, bool_or(y.k = 'V') OVER u AS any_v
      FROM kind y WINDOW u AS (PARTITION BY y.election, y.unit, y.ballot)
  ), step AS (
    -- The state after each entry. D keeps the state before the first D: escalated stays
    -- escalated, the verified entry stays (and only the row before the group can be escalated).
    SELECT z.*,
           CASE z.k WHEN 'V' THEN 'verified'::"ResultStatus" WHEN 'R' THEN 'reported'::"ResultStatus"
                    WHEN 'S' THEN CASE WHEN z.flagged THEN 'disputed'::"ResultStatus" ELSE 'reported'::"ResultStatus" END
                    ELSE CASE WHEN z.d_from = 1 AND z.b_status = 'escalated' THEN 'escalated'::"ResultStatus" ELSE 'disputed'::"ResultStatus" END
           END AS status,
           CASE z.k WHEN 'V' THEN z.earliest
                    WHEN 'D' THEN CASE WHEN z.d_from = 1 THEN z.b_verified WHEN z.any_v THEN z.earliest END
           END AS verified
      FROM first_d z
  ), prev AS (
    SELECT p.*,
           CASE WHEN p.nth = 1 THEN p.b_status ELSE lag(p.status) OVER u END AS was_status,
           CASE WHEN p.nth = 1 THEN p.b_verified ELSE lag(p.verified) OVER u END AS was_verified,
           CASE WHEN p.nth = 1 THEN p.b_photo ELSE lag(p.photo) OVER u END AS was_photo,
           CASE WHEN p.nth = 1 THEN p.b_flagged ELSE lag(p.flagged) OVER u END AS was_flagged,
           CASE WHEN p.nth = 1 THEN p.b_reported ELSE true END AS was_reported,
           p.nth > 1 OR p.b_has AS was_there
      FROM step p WINDOW u AS (PARTITION BY p.election, p.unit, p.ballot ORDER BY p.nth)
  ), decided AS (
    -- A decision's pick stays decided while every entry since keeps it verified, unless
    -- agreeing entries verify the unit by themselves.
    SELECT q.*, coalesce(q.b_decided, false)
                AND bool_and(q.verified IS NOT NULL AND q.verified IS NOT DISTINCT FROM q.was_verified
                             AND NOT (q.status = 'verified' AND q.was_status IS DISTINCT FROM 'verified')) OVER u AS decided
      FROM prev q WINDOW u AS (PARTITION BY q.election, q.unit, q.ballot ORDER BY q.nth)
  ), changed AS (
    SELECT c.*, CASE WHEN c.nth = 1 THEN c.b_decided ELSE lag(c.decided) OVER u END AS was_decided
      FROM decided c WINDOW u AS (PARTITION BY c.election, c.unit, c.ballot ORDER BY c.nth)
  ), written AS (
    SELECT w.*, bool_or(NOT w.was_there OR w.was_status IS DISTINCT FROM w.status OR w.was_verified IS DISTINCT FROM w.verified
                        OR w.was_decided IS DISTINCT FROM w.decided OR w.was_photo IS DISTINCT FROM w.photo
                        OR w.was_flagged IS DISTINCT FROM w.flagged OR NOT w.was_reported) OVER (PARTITION BY w.election, w.unit, w.ballot) AS any_change
      FROM changed w
  ), result AS (
    -- The row as the last entry left it, where any entry changed it.
    INSERT INTO "UnitResult" ("electionId", "unitCode", ballot, status, "verifiedEntryId", decided, "hasFormPhoto", flagged, reported, "updatedAt")
    SELECT DISTINCT ON (c.election, c.unit, c.ballot) c.election, c.unit, c.ballot, c.status, c.verified, c.decided, c.photo, c.flagged, true, now()
      FROM written c
     WHERE c.any_change
     ORDER BY c.election, c.unit, c.ballot, c.nth DESC
    ON CONFLICT ("electionId", "unitCode", ballot) DO UPDATE SET status = EXCLUDED.status, "verifiedEntryId" = EXCLUDED."verifiedEntryId",
      decided = EXCLUDED.decided, "hasFormPhoto" = EXCLUDED."hasFormPhoto", flagged = EXCLUDED.flagged, reported = true, "updatedAt" = now()
  ), logged AS (
    -- The feed's log with the state as of each change (result_log; tally_move_verified,
    -- deferred: tally_settle moves the totals), for units with an area in the contest
    -- only, as there; and a restated change where the counted figures stand and the state
    -- changed, as tally_submit writes it.
    INSERT INTO "ResultChange" ("electionId", "unitCode", ballot, kind, "entryId", status, decided, "hasFormPhoto", flagged)
    SELECT c.election, c.unit, c.ballot,
           CASE WHEN c.was_verified IS NOT DISTINCT FROM c.verified THEN 'restated'
                WHEN c.was_verified IS NULL THEN 'verified' WHEN c.verified IS NULL THEN 'withdrawn' ELSE 'corrected' END,
           c.verified, c.status, c.decided, c.photo, c.flagged
      FROM changed c
     WHERE (c.was_verified IS DISTINCT FROM c.verified
            AND EXISTS (SELECT 1 FROM "AreaUnit" a WHERE a."electionId" = c.election AND a.ballot = c.ballot AND a."unitCode" = c.unit))
        OR (c.verified IS NOT NULL AND c.verified = c.was_verified
            AND (c.was_status, c.was_decided, c.was_photo, c.was_flagged) IS DISTINCT FROM (c.status, c.decided, c.photo, c.flagged))
     ORDER BY c.ord
    RETURNING kind
  ), history AS (
    INSERT INTO "ResultEvent" (id, "electionId", "unitCode", ballot, "fromStatus", "toStatus", "entryId", "actorId", reason)
    SELECT gen_random_uuid(), c.election, c.unit, c.ballot, CASE WHEN c.was_there THEN c.was_status END, c.status,
           coalesce(c.verified, c.id), c.actor, 'entry'
      FROM changed c
     WHERE NOT c.was_there OR c.was_status IS DISTINCT FROM c.status OR c.was_verified IS DISTINCT FROM c.verified
     ORDER BY c.ord
  )
  SELECT jsonb_agg(jsonb_build_object('ord', c.ord, 'entry_id', c.id, 'result_status', c.status, 'entry_flags', c.stored_flags) ORDER BY c.ord),
         (SELECT count(*) FROM changed w WHERE w.was_verified IS DISTINCT FROM w.verified) - (SELECT count(*) FROM logged WHERE kind <> 'restated'),
         -- For the areas' rows: each unit ballot with an area, as it was and as the last entry left it.
         (SELECT coalesce(jsonb_agg(jsonb_build_object(
                    'election', l.election, 'ballot', l.ballot, 'area', l.area,
                    'was', CASE WHEN l.b_has THEN jsonb_build_array(l.b_status, l.b_decided, l.b_photo, l.b_flagged, l.b_reported) END,
                    'now', jsonb_build_array(l.status, l.decided, l.photo, l.flagged, true),
                    'was_verified', l.b_verified, 'verified', l.verified)), '[]')
            FROM (SELECT DISTINCT ON (w.election, w.unit, w.ballot) w.* FROM changed w WHERE w.area IS NOT NULL
                   ORDER BY w.election, w.unit, w.ballot, w.nth DESC) l)
    INTO v_out, v_unlogged, v_units
    FROM changed c;
  IF v_unlogged > 0 THEN
    RAISE EXCEPTION 'a unit of this group has no area in its contest (election %)', p_entries->0->>'election';
  END IF;
  PERFORM tally_settle_units(v_units);
  RETURN v_out;
END;
$$;
