-- The current definition of official_pairs, applied after the migrations by every deploy
-- (scripts/lib/migrations.ts, ADR 0020). Change it here; a change of its arguments or
-- result type needs a migration that drops the old one first.

-- Every figure the ECT's official results give for the unit ballots both sides have — of
-- the units matching p_units (a LIKE pattern) — beside ours: our verified entry's figure,
-- null when our count has no such number. The official comparison's reads
-- (results.sql.server.ts) start here, so that each is one typed statement (ADR 0039).
CREATE OR REPLACE FUNCTION official_pairs(p_election uuid, p_units text)
RETURNS TABLE ("unitCode" text, ballot text, figure text, ours int, official int)
LANGUAGE sql STABLE AS $$
  WITH ours AS (
    SELECT r."unitCode", r.ballot, f.figure, f.value
      FROM "UnitResult" r JOIN "TallyEntry" e ON e.id = r."verifiedEntryId"
     CROSS JOIN LATERAL (
       VALUES ('eligible', e.eligible), ('voters', e.voters), ('ballotsReceived', e."ballotsReceived"),
              ('ballotsUsed', e."ballotsUsed"), ('valid', e.valid), ('invalid', e.invalid), ('voteNo', e."voteNo"),
              ('ballotsLeftOver', e."ballotsLeftOver")
       UNION ALL SELECT v.key, v.value::int FROM jsonb_each_text(e.votes) v) AS f(figure, value)
     WHERE r."electionId" = p_election AND r.status = 'verified' AND r."unitCode" LIKE p_units)
  SELECT o."unitCode", o.ballot, o.figure, x.value, o.value
    FROM "OfficialFigure" o
    LEFT JOIN ours x ON x."unitCode" = o."unitCode" AND x.ballot = o.ballot AND x.figure = o.figure
   WHERE o."electionId" = p_election AND o."unitCode" LIKE p_units
     AND EXISTS (SELECT 1 FROM ours u WHERE u."unitCode" = o."unitCode" AND u.ballot = o.ballot);
$$;
