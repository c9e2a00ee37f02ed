-- The current definition of live_fold, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- Realtime count (ADR 0027): folds what changed into the provisional totals — the unit
-- ballots with a new snapshot (up to p_limit queued in LiveChange a call; those being
-- written right now stay for the next call) and those whose Final Score has arrived. It
-- locks no snapshot: the intake never waits for it. A unit ballot counts
-- with its leading device — the plausible one (no flag: overEligible, tooFast) with the
-- most ballots, the latest on a tie; a device flagged implausible never drives a unit's
-- figures (issue 36): with no plausible device the unit counts nothing, and its devices'
-- flags are shown to the head. With a Final Score it counts no more. Totals change by the difference between a unit's new part and the part
-- it had, so they stay the sum of the units' parts (live_drift checks it). One caller at a
-- time: a transaction-level advisory lock; a second caller returns -1 at once.
-- Flags: devicesDiverge (two devices disagree by more than p_diverge of the ballots beyond
-- what one being ahead explains, and at least 5), finalDiffers (the Final Score differs
-- from the last snapshot by more than p_final_differs of the ballots, and at least 5).
CREATE OR REPLACE FUNCTION live_fold(p_limit int, p_diverge numeric, p_final_differs numeric)
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  v_count int;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('live-fold')) THEN
    RETURN -1;
  END IF;
  -- Statistics for the tables the fold looks units up in, while they are still growing.
  PERFORM analyze_grown(ARRAY['"LiveUnit"', '"LiveSnapshot"', '"UnitResult"']::regclass[]);
  CREATE TEMP TABLE IF NOT EXISTS live_keys (e uuid, u text, b text) ON COMMIT DELETE ROWS;
  WITH picked AS (
    SELECT c.id FROM "LiveChange" c ORDER BY c.id LIMIT p_limit
  ), taken AS (
    DELETE FROM "LiveChange" c USING picked p WHERE c.id = p.id RETURNING c."electionId", c."unitCode", c.ballot
  )
  INSERT INTO live_keys SELECT DISTINCT * FROM taken;
  INSERT INTO live_keys
  SELECT l."electionId", l."unitCode", l.ballot FROM "LiveUnit" l
    JOIN "UnitResult" r ON (r."electionId", r."unitCode", r.ballot) = (l."electionId", l."unitCode", l.ballot)
   WHERE NOT l.final AND r.reported;
  -- Statistics for this call's keys: the statements below are planned for how many there
  -- are (a plan cached for an empty table would scan the areas once per key).
  ANALYZE live_keys;

  CREATE TEMP TABLE IF NOT EXISTS live_next (
    e uuid, u text, b text, area text, device uuid, devices int, ballots int, votes jsonb, invalid int, vote_no int,
    finished boolean, final boolean, eligible int, flags text[]) ON COMMIT DELETE ROWS;
  -- Most unit ballots have one device and no flag: the leader is found in one index scan
  -- (the devices and whether any is flagged come with it), and the flags' subqueries run
  -- only where there is something to find.
  INSERT INTO live_next
  SELECT k.e, k.u, k.b, a."areaCode", lead."deviceId", lead.devices,
         CASE WHEN lead.plausible THEN lead.ballots ELSE 0 END, CASE WHEN lead.plausible THEN lead.votes ELSE '{}'::jsonb END,
         CASE WHEN lead.plausible THEN lead.invalid ELSE 0 END, CASE WHEN lead.plausible THEN lead."voteNo" ELSE 0 END,
         lead.finished, coalesce(r.reported, false), pu."eligibleVoters",
         CASE WHEN NOT (lead.flagged OR lead.devices > 1 OR coalesce(r.reported, false) OR cardinality(old.flags) > 0)
              THEN '{}'::text[] ELSE ARRAY(
           SELECT DISTINCT f FROM "LiveSnapshot" s, unnest(s.flags) f
            WHERE lead.flagged AND (s."electionId", s."unitCode", s.ballot) = (k.e, k.u, k.b)
           -- How far the other devices are from the leader beyond the ballots they are behind.
           UNION SELECT 'devicesDiverge'
            WHERE CASE WHEN lead.devices > 1 THEN
                    (SELECT max((SELECT coalesce(sum(abs(coalesce((o.votes ->> n)::int, 0) - coalesce((lead.votes ->> n)::int, 0))), 0)
                                   FROM (SELECT jsonb_object_keys(o.votes) UNION SELECT jsonb_object_keys(lead.votes)) AS keys(n))
                                + abs(o.invalid - lead.invalid) + abs(o."voteNo" - lead."voteNo") - (lead.ballots - o.ballots))
                       FROM "LiveSnapshot" o WHERE (o."electionId", o."unitCode", o.ballot) = (k.e, k.u, k.b))
                    > greatest(5, p_diverge * lead.ballots)
                  ELSE false END
           UNION SELECT 'finalDiffers' FROM "TallyEntry" t
            WHERE r.reported AND NOT coalesce(old.final, false)
              AND t.id = (SELECT x.id FROM "TallyEntry" x WHERE (x."electionId", x."unitCode", x.ballot) = (k.e, k.u, k.b)
                           ORDER BY x."createdAt" DESC, x.id DESC LIMIT 1)
              AND (SELECT coalesce(sum(abs(coalesce((t.votes ->> n)::int, 0) - coalesce((lead.votes ->> n)::int, 0))), 0)
                     FROM (SELECT jsonb_object_keys(t.votes) UNION SELECT jsonb_object_keys(lead.votes)) AS keys(n))
                  + abs(t.invalid - lead.invalid) + abs(t."voteNo" - lead."voteNo")
                  > greatest(5, p_final_differs * lead.ballots)
           UNION SELECT f FROM unnest(old.flags) f WHERE f = 'finalDiffers') END
    FROM (SELECT DISTINCT e, u, b FROM live_keys) k
    JOIN "AreaUnit" a ON (a."electionId", a.ballot, a."unitCode") = (k.e, k.b, k.u)
    JOIN "PollingUnit" pu ON pu.code = k.u
    LEFT JOIN "UnitResult" r ON (r."electionId", r."unitCode", r.ballot) = (k.e, k.u, k.b)
    LEFT JOIN "LiveUnit" old ON (old."electionId", old."unitCode", old.ballot) = (k.e, k.u, k.b)
    CROSS JOIN LATERAL (
      -- The window counts every device of the unit ballot before LIMIT keeps the leader.
      SELECT s."deviceId", s.ballots, s.votes, s.invalid, s."voteNo", s.finished, (count(*) OVER ())::int AS devices,
             bool_or(cardinality(s.flags) > 0) OVER () AS flagged, cardinality(s.flags) = 0 AS plausible
        FROM "LiveSnapshot" s
       WHERE (s."electionId", s."unitCode", s.ballot) = (k.e, k.u, k.b)
       ORDER BY cardinality(s.flags) = 0 DESC, s.ballots DESC, s."receivedAt" DESC, s."deviceId" LIMIT 1) lead;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  ANALYZE live_next;

  -- The difference of each unit's part: the new one in, the old one out.
  INSERT INTO "LiveTotal" AS t ("electionId", ballot, "areaCode", "unitsCounting", "unitsFinished", "unitsFinal", ballots, invalid,
                                "voteNo", "knownBallots", "knownEligible")
  SELECT p.e, p.b, p.area, sum(p.sign * (NOT p.final AND NOT p.finished)::int), sum(p.sign * (NOT p.final AND p.finished)::int),
         sum(p.sign * p.final::int), sum(p.sign * p.ballots), sum(p.sign * p.invalid), sum(p.sign * p.vote_no),
         sum(p.sign * CASE WHEN p.eligible IS NOT NULL THEN p.ballots ELSE 0 END), sum(p.sign * coalesce(p.eligible, 0))
    FROM (SELECT n.e, n.b, n.area, 1 AS sign, n.final, n.finished, CASE WHEN n.final THEN 0 ELSE n.ballots END AS ballots,
                 CASE WHEN n.final THEN 0 ELSE n.invalid END AS invalid, CASE WHEN n.final THEN 0 ELSE n.vote_no END AS vote_no,
                 CASE WHEN n.final THEN NULL ELSE n.eligible END AS eligible
            FROM live_next n
          UNION ALL
          SELECT o."electionId", o.ballot, o."areaCode", -1, o.final, o.finished, CASE WHEN o.final THEN 0 ELSE o.ballots END,
                 CASE WHEN o.final THEN 0 ELSE o.invalid END, CASE WHEN o.final THEN 0 ELSE o."voteNo" END,
                 CASE WHEN o.final THEN NULL ELSE o.eligible END
            FROM live_next n JOIN "LiveUnit" o ON (o."electionId", o."unitCode", o.ballot) = (n.e, n.u, n.b)) p
   GROUP BY p.e, p.b, p.area
  ON CONFLICT ("electionId", ballot, "areaCode") DO UPDATE SET
    "unitsCounting" = t."unitsCounting" + EXCLUDED."unitsCounting", "unitsFinished" = t."unitsFinished" + EXCLUDED."unitsFinished",
    "unitsFinal" = t."unitsFinal" + EXCLUDED."unitsFinal", ballots = t.ballots + EXCLUDED.ballots, invalid = t.invalid + EXCLUDED.invalid,
    "voteNo" = t."voteNo" + EXCLUDED."voteNo", "knownBallots" = t."knownBallots" + EXCLUDED."knownBallots",
    "knownEligible" = t."knownEligible" + EXCLUDED."knownEligible";

  INSERT INTO "LiveVoteTotal" AS t ("electionId", ballot, "areaCode", number, votes)
  SELECT p.e, p.b, p.area, v.key::int, sum(p.sign * v.value::int)
    FROM (SELECT n.e, n.b, n.area, 1 AS sign, n.votes FROM live_next n WHERE NOT n.final
          UNION ALL
          SELECT o."electionId", o.ballot, o."areaCode", -1, o.votes
            FROM live_next n JOIN "LiveUnit" o ON (o."electionId", o."unitCode", o.ballot) = (n.e, n.u, n.b) WHERE NOT o.final) p,
         jsonb_each_text(p.votes) v
   GROUP BY p.e, p.b, p.area, v.key::int
  ON CONFLICT ("electionId", ballot, "areaCode", number) DO UPDATE SET votes = t.votes + EXCLUDED.votes;

  INSERT INTO "LiveUnit" AS l ("electionId", "unitCode", ballot, "areaCode", "deviceId", devices, ballots, votes, invalid, "voteNo",
                               finished, final, eligible, flags, "updatedAt")
  SELECT n.e, n.u, n.b, n.area, n.device, n.devices, n.ballots, n.votes, n.invalid, n.vote_no, n.finished, n.final, n.eligible,
         n.flags, now()
    FROM live_next n
  ON CONFLICT ("electionId", "unitCode", ballot) DO UPDATE SET
    "areaCode" = EXCLUDED."areaCode", "deviceId" = EXCLUDED."deviceId", devices = EXCLUDED.devices, ballots = EXCLUDED.ballots,
    votes = EXCLUDED.votes, invalid = EXCLUDED.invalid, "voteNo" = EXCLUDED."voteNo", finished = EXCLUDED.finished,
    final = EXCLUDED.final, eligible = EXCLUDED.eligible, flags = EXCLUDED.flags, "updatedAt" = now();
  RETURN v_count;
END;
$$;
