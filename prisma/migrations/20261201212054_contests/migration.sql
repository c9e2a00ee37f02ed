-- Any election (issue 18, ADR 0025): an election has contests, a contest its areas, each
-- area its units. Written by hand so that nothing is lost: every ballot column keeps its
-- values as the contest's key, the constituency totals become area totals, and each
-- existing election becomes two contests — its constituency MPs (district) and its party
-- list (100 seats) — whose areas are today's constituencies with today's units.

-- The tally's functions take the old enum: dropped here, defined again from
-- prisma/functions/ after the migrations.
DROP FUNCTION IF EXISTS tally_submit_many(jsonb);
DROP FUNCTION IF EXISTS tally_submit(uuid, uuid, text, "BallotKind", text, uuid, int, int, int, int, int, int, int, jsonb, text[], text, uuid[], int, text, text, text, boolean, text);
DROP FUNCTION IF EXISTS tally_move_verified(uuid, text, "BallotKind", uuid, uuid);

-- CreateEnum
CREATE TYPE "ContestKind" AS ENUM ('district', 'area_wide', 'party_list', 'multi_member', 'referendum');

-- Every ballot column: the enum's value becomes the contest's key, as text.
ALTER TABLE "TallyEntry" ALTER COLUMN "ballot" TYPE TEXT USING "ballot"::text;
ALTER TABLE "TallyPhoto" ALTER COLUMN "ballot" TYPE TEXT USING "ballot"::text;
ALTER TABLE "UnitResult" ALTER COLUMN "ballot" TYPE TEXT USING "ballot"::text;
ALTER TABLE "ResultEvent" ALTER COLUMN "ballot" TYPE TEXT USING "ballot"::text;
ALTER TABLE "ResultChange" ALTER COLUMN "ballot" TYPE TEXT USING "ballot"::text;
ALTER TABLE "OfficialFigure" ALTER COLUMN "ballot" TYPE TEXT USING "ballot"::text;
ALTER TABLE "VoteTotal" ALTER COLUMN "ballot" TYPE TEXT USING "ballot"::text;
ALTER TABLE "ConstituencyTotal" ALTER COLUMN "ballot" TYPE TEXT USING "ballot"::text;

-- Totals are kept per area of a contest.
ALTER TABLE "ConstituencyTotal" RENAME TO "AreaTotal";
ALTER TABLE "AreaTotal" RENAME CONSTRAINT "ConstituencyTotal_pkey" TO "AreaTotal_pkey";
ALTER TABLE "AreaTotal" RENAME COLUMN "constituencyId" TO "areaCode";
ALTER TABLE "VoteTotal" RENAME COLUMN "constituencyId" TO "areaCode";

-- Candidates stand in an area of a contest (today's: the constituency contest).
DROP INDEX "Candidate_electionId_constituencyId_number_key";
ALTER TABLE "Candidate" RENAME COLUMN "constituencyId" TO "areaCode";
ALTER TABLE "Candidate" ADD COLUMN "ballot" TEXT NOT NULL DEFAULT 'constituency', ADD COLUMN "nameEn" TEXT;
ALTER TABLE "Candidate" ALTER COLUMN "ballot" DROP DEFAULT;
CREATE UNIQUE INDEX "Candidate_electionId_ballot_areaCode_number_key" ON "Candidate"("electionId", "ballot", "areaCode", "number");

DROP TYPE "BallotKind";

-- CreateTable
CREATE TABLE "Contest" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "ContestKind" NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "seats" INTEGER,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Contest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContestArea" (
    "electionId" UUID NOT NULL,
    "ballot" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "seats" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ContestArea_pkey" PRIMARY KEY ("electionId","ballot","code")
);

-- CreateTable
CREATE TABLE "AreaUnit" (
    "electionId" UUID NOT NULL,
    "ballot" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "areaCode" TEXT NOT NULL,

    CONSTRAINT "AreaUnit_pkey" PRIMARY KEY ("electionId","ballot","unitCode")
);

-- CreateIndex
CREATE UNIQUE INDEX "Contest_electionId_key_key" ON "Contest"("electionId", "key");

-- CreateIndex
CREATE INDEX "AreaUnit_electionId_unitCode_idx" ON "AreaUnit"("electionId", "unitCode");

-- CreateIndex
CREATE INDEX "AreaUnit_electionId_ballot_areaCode_idx" ON "AreaUnit"("electionId", "ballot", "areaCode");

-- AddForeignKey
ALTER TABLE "Contest" ADD CONSTRAINT "Contest_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContestArea" ADD CONSTRAINT "ContestArea_electionId_ballot_fkey" FOREIGN KEY ("electionId", "ballot") REFERENCES "Contest"("electionId", "key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AreaUnit" ADD CONSTRAINT "AreaUnit_electionId_ballot_areaCode_fkey" FOREIGN KEY ("electionId", "ballot", "areaCode") REFERENCES "ContestArea"("electionId", "ballot", "code") ON DELETE CASCADE ON UPDATE CASCADE;

-- Each existing election: its two contests, their areas (today's constituencies) and
-- every unit in its constituency's area.
INSERT INTO "Contest" ("id", "electionId", "key", "kind", "nameTh", "nameEn", "seats", "position")
SELECT gen_random_uuid(), e."id", c."key", c."kind"::"ContestKind", c."nameTh", c."nameEn", c."seats", c."position"
  FROM "Election" e CROSS JOIN (VALUES
    ('constituency', 'district', 'ส.ส. แบบแบ่งเขต', 'Constituency MPs', NULL::int, 1),
    ('party_list', 'party_list', 'ส.ส. แบบบัญชีรายชื่อ', 'Party-list MPs', 100, 2)) AS c("key", "kind", "nameTh", "nameEn", "seats", "position");

INSERT INTO "ContestArea" ("electionId", "ballot", "code", "nameTh", "nameEn", "seats")
SELECT e."id", b."key", c."id", p."nameTh" || ' เขต ' || c."number", p."nameEn" || ' constituency ' || c."number", 1
  FROM "Election" e CROSS JOIN (VALUES ('constituency'), ('party_list')) AS b("key")
 CROSS JOIN "Constituency" c JOIN "Province" p ON p."code" = c."provinceCode";

INSERT INTO "AreaUnit" ("electionId", "ballot", "unitCode", "areaCode")
SELECT e."id", b."key", u."code", u."constituencyId"
  FROM "Election" e CROSS JOIN (VALUES ('constituency'), ('party_list')) AS b("key") CROSS JOIN "PollingUnit" u;
