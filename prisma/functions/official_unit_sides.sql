-- The current definition of official_unit_sides, applied after the migrations by every
-- deploy (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments
-- or result type needs a migration that drops the old one first.

-- Each unit ballot of the units matching p_units (a LIKE pattern) that either side has —
-- ours: verified; official: the ECT gives figures for it — and which sides have it: what
-- the official comparison counts as compared or missing (results.sql.server.ts).
CREATE OR REPLACE FUNCTION official_unit_sides(p_election uuid, p_units text)
RETURNS TABLE ("unitCode" text, ballot text, ours boolean, official boolean)
LANGUAGE sql STABLE AS $$
  WITH ours AS (
    SELECT r."unitCode", r.ballot FROM "UnitResult" r
     WHERE r."electionId" = p_election AND r.status = 'verified' AND r."unitCode" LIKE p_units),
  official AS (
    SELECT DISTINCT o."unitCode", o.ballot FROM "OfficialFigure" o
     WHERE o."electionId" = p_election AND o."unitCode" LIKE p_units)
  SELECT coalesce(a."unitCode", b."unitCode"), coalesce(a.ballot, b.ballot), a."unitCode" IS NOT NULL, b."unitCode" IS NOT NULL
    FROM ours a FULL JOIN official b ON b."unitCode" = a."unitCode" AND b.ballot = a.ballot;
$$;
