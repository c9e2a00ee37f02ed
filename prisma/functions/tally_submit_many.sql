-- The current definition of tally_submit_many, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- Group commit for election night: many entries in one round trip and one transaction.
-- Each element is what tally_submit takes; callers sort the entries by unit and ballot. A
-- group first takes its unit ballots' locks in that order (tally_defer) and reads their states, then
-- writes every entry with the per-area rows deferred, and last brings its areas' counts
-- and totals up to date under the areas' locks, in order (tally_settle.sql, ADR 0030).
-- So the national areas (a party list, a referendum) are held for a few statements per
-- group, not for the whole group, and groups with units of one area run side by side.
-- A plain group (every entry new, none a correction) is written set-based by
-- tally_submit_plain (ADR 0034); any other entry by entry, by tally_submit, which defines
-- what an entry does (tally.each = on writes every group so: the tests compare the two).
-- One row per element, in the input's order (ord counts from 1).
CREATE OR REPLACE FUNCTION tally_submit_many(p_entries jsonb)
RETURNS TABLE (ord bigint, entry_id uuid, result_status "ResultStatus", outcome text, entry_flags text[]) LANGUAGE plpgsql AS $$
DECLARE
  e record;
  r record;
  n bigint := 0;
  v_before jsonb;
  v_plain jsonb;
BEGIN
  PERFORM tally_defer(p_entries);
  IF current_setting('tally.each', true) IS DISTINCT FROM 'on' THEN
    BEGIN
      v_plain := tally_submit_plain(p_entries);
    EXCEPTION WHEN unique_violation THEN
      -- The same submission id written by another group at that moment: entry by entry,
      -- where it is reused or a replay.
      v_plain := NULL;
    END;
  END IF;
  IF v_plain IS NOT NULL THEN
    RETURN QUERY SELECT o.ord, o.entry_id, o.result_status, 'created'::text, o.entry_flags
                   FROM jsonb_to_recordset(v_plain) AS o(ord bigint, entry_id uuid, result_status "ResultStatus", entry_flags text[])
                  ORDER BY o.ord;
    RETURN;
  END IF;
  SELECT coalesce(jsonb_agg(to_jsonb(ur)), '[]') INTO v_before
    FROM (SELECT DISTINCT y.election, y.unit, y.ballot FROM jsonb_to_recordset(p_entries) AS y(election uuid, unit text, ballot text)) k
    -- One index lookup each (LIMIT keeps the planner from scanning the table).
    CROSS JOIN LATERAL (SELECT * FROM "UnitResult" u WHERE u."electionId" = k.election AND u."unitCode" = k.unit AND u.ballot = k.ballot LIMIT 1) ur;
  FOR e IN SELECT * FROM jsonb_to_recordset(p_entries) AS x(
      submission uuid, election uuid, unit text, ballot text, source text, actor uuid,
      eligible int, voters int, received int, used int, left_over int, invalid int, vote_no int,
      votes jsonb, flags text[], fingerprint text, photos uuid[],
      valid int, remarks text, count_started text, count_ended text, form_posted boolean, correction_reason text) LOOP
    SELECT * INTO r FROM tally_submit(e.submission, e.election, e.unit, e.ballot, e.source, e.actor, e.eligible, e.voters, e.received,
                                      e.used, e.left_over, e.invalid, e.vote_no, e.votes, e.flags, e.fingerprint, e.photos,
                                      e.valid, e.remarks, e.count_started, e.count_ended, e.form_posted, e.correction_reason);
    n := n + 1;
    ord := n;
    entry_id := r.entry_id;
    result_status := r.result_status;
    outcome := r.outcome;
    entry_flags := r.entry_flags;
    RETURN NEXT;
  END LOOP;
  PERFORM tally_settle(p_entries, v_before);
END;
$$;
