-- What a unit ballot's verification level rests on (tally/verification.ts), kept on its
-- result by every writer (tally_submit, a decision) so that counting levels over 95,000
-- units is a GROUP BY, not three lookups per unit (ADR 0022): the verified entry was
-- chosen by a decision; a photo of the signed form was sent with one of the election's
-- entries; some person's latest entry carries an anomaly. Existing results are filled in once.
ALTER TABLE "UnitResult" ADD COLUMN "decided" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "hasFormPhoto" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "flagged" BOOLEAN NOT NULL DEFAULT false;

UPDATE "UnitResult" r SET
  "decided" = r."verifiedEntryId" IS NOT NULL AND coalesce((SELECT ev.reason <> 'entry' FROM "ResultEvent" ev
                 WHERE ev."electionId" = r."electionId" AND ev."unitCode" = r."unitCode" AND ev.ballot = r.ballot
                   AND ev."toStatus" = 'verified' ORDER BY ev."createdAt" DESC LIMIT 1), false),
  "hasFormPhoto" = EXISTS (SELECT 1 FROM "TallyPhoto" p JOIN "TallyEntry" e ON e.id = p."entryId"
                 WHERE p."unitCode" = r."unitCode" AND p.ballot = r.ballot AND p.kind = 'form' AND e."electionId" = r."electionId"),
  "flagged" = coalesce((SELECT bool_or(l.flagged) FROM (
                 SELECT DISTINCT ON (x."enteredById") cardinality(x.flags) > 0 AS flagged FROM "TallyEntry" x
                  WHERE x."electionId" = r."electionId" AND x."unitCode" = r."unitCode" AND x.ballot = r.ballot
                  ORDER BY x."enteredById", x."createdAt" DESC, x.id DESC) l), false);
