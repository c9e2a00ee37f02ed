-- The current definition of unit_result_counts and its trigger, applied after the
-- migrations by every deploy (scripts/lib/migrations.ts, ADR 0020).

-- Keeps AreaStateCount in step with every change of a UnitResult's state or level facts,
-- whoever writes it (an entry, a decision, an escalation, a deletion): the old state's
-- count down, the new one's up, in the unit's area of that contest (AreaUnit), in one
-- statement. Every writer of a unit ballot takes its lock and then its contest area's
-- (lockUnitBallot), so an area's count rows have one writer at a time and never wait in a
-- circle; the rows' own locks keep the counts right whatever a writer does. A writer of
-- many unit ballots (tally_submit_many, the escalation of missing reports) defers the
-- area rows (tally.deferred on): it brings them up to date at its end, in tally_settle
-- (ADR 0030).
CREATE OR REPLACE FUNCTION unit_result_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('tally.deferred', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.status, OLD.decided, OLD."hasFormPhoto", OLD.flagged, OLD.reported)
                          IS NOT DISTINCT FROM (NEW.status, NEW.decided, NEW."hasFormPhoto", NEW.flagged, NEW.reported) THEN
    RETURN NULL;
  END IF;
  -- No area (the election and its areas are being deleted): nothing; the counts go with it.
  INSERT INTO "AreaStateCount" AS c ("electionId", ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported, n)
  SELECT a."electionId", a.ballot, a."areaCode", x.status, x.decided, x."hasFormPhoto", x.flagged, x.reported, x.n
    FROM "AreaUnit" a,
         (SELECT OLD.status, OLD.decided, OLD."hasFormPhoto", OLD.flagged, OLD.reported, -1 WHERE TG_OP <> 'INSERT'
          UNION ALL
          SELECT NEW.status, NEW.decided, NEW."hasFormPhoto", NEW.flagged, NEW.reported, 1 WHERE TG_OP <> 'DELETE')
         AS x(status, decided, "hasFormPhoto", flagged, reported, n)
   WHERE a."electionId" = coalesce(NEW."electionId", OLD."electionId") AND a.ballot = coalesce(NEW.ballot, OLD.ballot)
     AND a."unitCode" = coalesce(NEW."unitCode", OLD."unitCode")
  ON CONFLICT ("electionId", ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER unit_result_counts AFTER INSERT OR UPDATE OR DELETE ON "UnitResult"
  FOR EACH ROW EXECUTE FUNCTION unit_result_counts();
