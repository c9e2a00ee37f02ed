-- The current definition of live_fold, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- Realtime count (ADR 0027): folds what changed into the provisional totals — the unit
-- ballots with a new snapshot (up to p_limit snapshots a call; those being written right
-- now stay for the next call) and those whose Final Score has arrived. A unit ballot counts
-- with its leading device (the most ballots; the latest on a tie); with a Final Score it
-- counts no more. Totals change by the difference between a unit's new part and the part
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
  CREATE TEMP TABLE IF NOT EXISTS live_keys (e uuid, u text, b text) ON COMMIT DELETE ROWS;
  WITH picked AS (
    SELECT s."electionId", s."unitCode", s.ballot, s."deviceId" FROM "LiveSnapshot" s
     WHERE s.pending LIMIT p_limit FOR UPDATE SKIP LOCKED
  ), cleared AS (
    UPDATE "LiveSnapshot" s SET pending = false FROM picked p
     WHERE (s."electionId", s."unitCode", s.ballot, s."deviceId") = (p."electionId", p."unitCode", p.ballot, p."deviceId")
    RETURNING s."electionId", s."unitCode", s.ballot
  )
  INSERT INTO live_keys SELECT DISTINCT * FROM cleared;
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
  INSERT INTO live_next
  SELECT k.e, k.u, k.b, a."areaCode", lead."deviceId", d.devices, lead.ballots, lead.votes, lead.invalid, lead."voteNo",
         lead.finished, coalesce(r.reported, false), pu."eligibleVoters",
         ARRAY(SELECT DISTINCT f FROM "LiveSnapshot" s, unnest(s.flags) f
                WHERE (s."electionId", s."unitCode", s.ballot) = (k.e, k.u, k.b)
               UNION SELECT 'devicesDiverge' WHERE d.diverge > greatest(5, p_diverge * lead.ballots)
               UNION SELECT 'finalDiffers' FROM "TallyEntry" t
                WHERE r.reported AND NOT coalesce(old.final, false)
                  AND t.id = (SELECT x.id FROM "TallyEntry" x WHERE (x."electionId", x."unitCode", x.ballot) = (k.e, k.u, k.b)
                               ORDER BY x."createdAt" DESC, x.id DESC LIMIT 1)
                  AND (SELECT coalesce(sum(abs(coalesce((t.votes ->> n)::int, 0) - coalesce((lead.votes ->> n)::int, 0))), 0)
                         FROM (SELECT jsonb_object_keys(t.votes) UNION SELECT jsonb_object_keys(lead.votes)) AS keys(n))
                      + abs(t.invalid - lead.invalid) + abs(t."voteNo" - lead."voteNo")
                      > greatest(5, p_final_differs * lead.ballots)
               UNION SELECT f FROM unnest(old.flags) f WHERE f = 'finalDiffers')
    FROM (SELECT DISTINCT e, u, b FROM live_keys) k
    JOIN "AreaUnit" a ON (a."electionId", a.ballot, a."unitCode") = (k.e, k.b, k.u)
    JOIN "PollingUnit" pu ON pu.code = k.u
    LEFT JOIN "UnitResult" r ON (r."electionId", r."unitCode", r.ballot) = (k.e, k.u, k.b)
    LEFT JOIN "LiveUnit" old ON (old."electionId", old."unitCode", old.ballot) = (k.e, k.u, k.b)
    CROSS JOIN LATERAL (
      SELECT s."deviceId", s.ballots, s.votes, s.invalid, s."voteNo", s.finished FROM "LiveSnapshot" s
       WHERE (s."electionId", s."unitCode", s.ballot) = (k.e, k.u, k.b)
       ORDER BY s.ballots DESC, s."receivedAt" DESC, s."deviceId" LIMIT 1) lead
    CROSS JOIN LATERAL (
      -- How far the other devices are from the leader beyond the ballots they are behind.
      SELECT count(*)::int AS devices,
             coalesce(max((SELECT coalesce(sum(abs(coalesce((o.votes ->> n)::int, 0) - coalesce((lead.votes ->> n)::int, 0))), 0)
                             FROM (SELECT jsonb_object_keys(o.votes) UNION SELECT jsonb_object_keys(lead.votes)) AS keys(n))
                          + abs(o.invalid - lead.invalid) + abs(o."voteNo" - lead."voteNo") - (lead.ballots - o.ballots)), 0) AS diverge
        FROM "LiveSnapshot" o WHERE (o."electionId", o."unitCode", o.ballot) = (k.e, k.u, k.b)) d;
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
