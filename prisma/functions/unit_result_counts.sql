-- The current definition of unit_result_counts and its trigger, applied after the
-- migrations by every deploy (scripts/lib/migrations.ts, ADR 0020).

-- Keeps AreaStateCount in step with every change of a UnitResult's state or level facts,
-- whoever writes it (an entry, a decision, an escalation, a deletion). Under the contest
-- area's lock, which every writer of a unit ballot takes first (tally_submit_many,
-- lockUnitBallot, the escalation of missing reports): taken again here it is already
-- held, so the count rows of an area have one writer at a time and never wait in a circle.
CREATE OR REPLACE FUNCTION unit_result_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_election uuid;
  v_unit text;
  v_ballot text;
  v_area text;
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.status, OLD.decided, OLD."hasFormPhoto", OLD.flagged, OLD.reported)
                          IS NOT DISTINCT FROM (NEW.status, NEW.decided, NEW."hasFormPhoto", NEW.flagged, NEW.reported) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    v_election := OLD."electionId"; v_unit := OLD."unitCode"; v_ballot := OLD.ballot;
  ELSE
    v_election := NEW."electionId"; v_unit := NEW."unitCode"; v_ballot := NEW.ballot;
  END IF;
  SELECT a."areaCode" INTO v_area FROM "AreaUnit" a
   WHERE a."electionId" = v_election AND a.ballot = v_ballot AND a."unitCode" = v_unit;
  IF v_area IS NULL THEN
    -- The election and its areas are being deleted: the counts go with them.
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('tally-area:' || v_election || ':' || v_ballot || ':' || v_area));
  IF TG_OP <> 'INSERT' THEN
    UPDATE "AreaStateCount" SET n = n - 1
     WHERE "electionId" = v_election AND ballot = v_ballot AND "areaCode" = v_area AND status = OLD.status
       AND decided = OLD.decided AND "hasFormPhoto" = OLD."hasFormPhoto" AND flagged = OLD.flagged AND reported = OLD.reported;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO "AreaStateCount" ("electionId", ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported, n)
    VALUES (v_election, v_ballot, v_area, NEW.status, NEW.decided, NEW."hasFormPhoto", NEW.flagged, NEW.reported, 1)
    ON CONFLICT ("electionId", ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported) DO UPDATE SET n = "AreaStateCount".n + 1;
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER unit_result_counts AFTER INSERT OR UPDATE OR DELETE ON "UnitResult"
  FOR EACH ROW EXECUTE FUNCTION unit_result_counts();
