-- CreateTable
CREATE TABLE "AreaStateCount" (
    "electionId" UUID NOT NULL,
    "ballot" TEXT NOT NULL,
    "areaCode" TEXT NOT NULL,
    "status" "ResultStatus" NOT NULL,
    "decided" BOOLEAN NOT NULL,
    "hasFormPhoto" BOOLEAN NOT NULL,
    "flagged" BOOLEAN NOT NULL,
    "reported" BOOLEAN NOT NULL,
    "n" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AreaStateCount_pkey" PRIMARY KEY ("electionId","ballot","areaCode","status","decided","hasFormPhoto","flagged","reported")
);

-- AddForeignKey
ALTER TABLE "AreaStateCount" ADD CONSTRAINT "AreaStateCount_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The counts of the results there are (the trigger that keeps them from now on is defined
-- with the functions, prisma/functions/unit_result_counts.sql).
INSERT INTO "AreaStateCount" ("electionId", ballot, "areaCode", status, decided, "hasFormPhoto", flagged, reported, n)
SELECT r."electionId", r.ballot, a."areaCode", r.status, r.decided, r."hasFormPhoto", r.flagged, r.reported, count(*)
  FROM "UnitResult" r
  JOIN "AreaUnit" a ON a."electionId" = r."electionId" AND a.ballot = r.ballot AND a."unitCode" = r."unitCode"
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
