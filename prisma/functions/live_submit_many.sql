-- The current definition of live_submit_many, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- Realtime count (ADR 0027): stores counting devices' cumulative snapshots, many in one
-- statement (group commit; each device of a unit ballot at most once per call). A snapshot
-- replaces the device's stored one only with a higher sequence number, from the same
-- person, and with no count lower than before except by the undos since. Each stored one
-- is queued in LiveChange (appended: it never waits for a fold in progress); live_fold
-- moves the queued snapshots into the provisional totals.
-- A device's sequence number moves on by at most p_max_step at a time (and starts within
-- it): one jump to the largest number would lock the device out of sending ever again.
-- outcome: stored | replay (that sequence number is the stored one, with the same counts) |
-- conflict (that sequence number with other counts: nothing changes, the stored snapshot
-- is returned) | stale (an older one: harmless, nothing changes) | foreign (the device's
-- snapshots come from someone else) | down (a count went down without an undo) | jump
-- (the sequence number leapt further than p_max_step).
CREATE OR REPLACE FUNCTION live_submit_many(p_snapshots jsonb, p_max_step int)
RETURNS TABLE (ord int, outcome text, stored_seq int, stored jsonb) LANGUAGE plpgsql AS $$
-- plpgsql, not sql: its statement's plan is kept between calls, where a sql function's
-- body is planned again on every call (a group of a few snapshots paid more for the
-- planning than for the writing).
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH input AS (
    SELECT x.*, (row_number() OVER ())::int AS n
      FROM jsonb_to_recordset(p_snapshots) AS x(
        election uuid, unit text, ballot text, device uuid, actor uuid, seq int, taps int, undos int,
        ballots int, votes jsonb, invalid int, vote_no int, finished boolean, flags text[],
        first_tap_at timestamptz, last_tap_at timestamptz)
  ), stored AS (
    INSERT INTO "LiveSnapshot" AS s ("electionId", "unitCode", ballot, "deviceId", "userId", seq, taps, undos, ballots, votes,
                                     invalid, "voteNo", finished, flags, "firstTapAt", "lastTapAt", "receivedAt")
    SELECT i.election, i.unit, i.ballot, i.device, i.actor, i.seq, i.taps, i.undos, i.ballots, i.votes, i.invalid, i.vote_no,
           i.finished, i.flags, i.first_tap_at AT TIME ZONE 'UTC', i.last_tap_at AT TIME ZONE 'UTC', now()
      FROM input i
     -- A new device starts within the step; a known one is held to it below. (A scalar
     -- subquery, asked only past the step: an EXISTS here may be planned as a hash of the
     -- whole table, built on every call.)
     WHERE i.seq <= p_max_step
        OR i.seq <= (SELECT c.seq FROM "LiveSnapshot" c
                      WHERE (c."electionId", c."unitCode", c.ballot, c."deviceId") = (i.election, i.unit, i.ballot, i.device)) + p_max_step
    ON CONFLICT ("electionId", "unitCode", ballot, "deviceId") DO UPDATE SET
      seq = EXCLUDED.seq, taps = EXCLUDED.taps, undos = EXCLUDED.undos, ballots = EXCLUDED.ballots, votes = EXCLUDED.votes,
      invalid = EXCLUDED.invalid, "voteNo" = EXCLUDED."voteNo", finished = EXCLUDED.finished, flags = EXCLUDED.flags,
      "firstTapAt" = EXCLUDED."firstTapAt", "lastTapAt" = EXCLUDED."lastTapAt", "receivedAt" = now()
    WHERE EXCLUDED.seq > s.seq AND EXCLUDED.seq <= s.seq + p_max_step AND EXCLUDED."userId" = s."userId"
      AND EXCLUDED.invalid >= s.invalid - (EXCLUDED.undos - s.undos)
      AND EXCLUDED."voteNo" >= s."voteNo" - (EXCLUDED.undos - s.undos)
      AND NOT EXISTS (SELECT 1 FROM jsonb_each_text(s.votes) o
                       WHERE coalesce((EXCLUDED.votes ->> o.key)::int, 0) < o.value::int - (EXCLUDED.undos - s.undos))
    RETURNING s."electionId", s."unitCode", s.ballot, s."deviceId"
  ), queued AS (
    INSERT INTO "LiveChange" ("electionId", "unitCode", ballot) SELECT "electionId", "unitCode", ballot FROM stored
  )
  -- Most snapshots are stored: the stored row is looked up (once, by its key) only for the
  -- others — a scalar subquery, so that the planner never turns it into a scan of the table
  -- joined by hash (a lateral join was, now and then, for a few thousand calls: 20–45 ms each).
  SELECT i.n,
         CASE WHEN w."deviceId" IS NOT NULL THEN 'stored'
              WHEN (x.c)."userId" <> i.actor THEN 'foreign'
              WHEN i.seq > coalesce((x.c).seq, 0) + p_max_step THEN 'jump'
              WHEN i.seq = (x.c).seq AND ((x.c).taps, (x.c).undos, (x.c).votes, (x.c).invalid, (x.c)."voteNo")
                                         = (i.taps, i.undos, i.votes, i.invalid, i.vote_no) THEN 'replay'
              WHEN i.seq = (x.c).seq THEN 'conflict'
              WHEN i.seq < (x.c).seq THEN 'stale'
              ELSE 'down' END,
         CASE WHEN w."deviceId" IS NOT NULL THEN i.seq ELSE (x.c).seq END,
         CASE WHEN w."deviceId" IS NULL AND i.seq = (x.c).seq THEN
           jsonb_build_object('seq', (x.c).seq, 'taps', (x.c).taps, 'undos', (x.c).undos, 'votes', (x.c).votes,
                              'invalid', (x.c).invalid, 'voteNo', (x.c)."voteNo", 'finished', (x.c).finished) END
    FROM input i
    LEFT JOIN stored w ON (w."electionId", w."unitCode", w.ballot, w."deviceId") = (i.election, i.unit, i.ballot, i.device)
    CROSS JOIN LATERAL (
      SELECT CASE WHEN w."deviceId" IS NULL THEN
               (SELECT c FROM "LiveSnapshot" c
                 WHERE (c."electionId", c."unitCode", c.ballot, c."deviceId") = (i.election, i.unit, i.ballot, i.device)) END AS c) x
   ORDER BY i.n;
END;
$$;
