-- The current definition of tally_submit_many, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- Group commit for election night: many entries in one round trip and one transaction.
-- Each element is what tally_submit takes. A verified entry updates its area's totals, so
-- two batches with units of one area could each wait for the other: a batch first takes
-- a lock per contest area, in order, and callers sort the entries by unit and ballot
-- (units' locks in order too).
-- One row per element, in the input's order (ord counts from 1).
CREATE OR REPLACE FUNCTION tally_submit_many(p_entries jsonb)
RETURNS TABLE (ord bigint, entry_id uuid, result_status "ResultStatus", outcome text, entry_flags text[]) LANGUAGE plpgsql AS $$
DECLARE
  e record;
  r record;
  n bigint := 0;
  c text;
BEGIN
  FOR c IN SELECT DISTINCT a."electionId" || ':' || a.ballot || ':' || a."areaCode"
             FROM jsonb_array_elements(p_entries) x
             JOIN "AreaUnit" a ON a."electionId" = (x->>'election')::uuid AND a.ballot = x->>'ballot' AND a."unitCode" = x->>'unit'
            ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('tally-area:' || c));
  END LOOP;
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
END;
$$;
