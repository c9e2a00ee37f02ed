-- The ECT's official figures, every one (issue 16): not only votes per number but each
-- figure of the form, so that the comparison covers eligible voters, voters, invalid,
-- vote-no… A row is one figure of one unit ballot: `figure` is a figure's name
-- (eligible, voters, ballotsReceived, ballotsUsed, valid, invalid, voteNo, ballotsLeftOver)
-- or a number on the ballot ("1", "2", …) for its votes. Rows from before keep their votes.
ALTER TABLE "OfficialVote" RENAME TO "OfficialFigure";
ALTER TABLE "OfficialFigure" ADD COLUMN "figure" TEXT;
UPDATE "OfficialFigure" SET "figure" = "number"::text;
ALTER TABLE "OfficialFigure" ALTER COLUMN "figure" SET NOT NULL;
ALTER TABLE "OfficialFigure" DROP CONSTRAINT "OfficialVote_pkey";
ALTER TABLE "OfficialFigure" DROP COLUMN "number";
ALTER TABLE "OfficialFigure" RENAME COLUMN "votes" TO "value";
ALTER TABLE "OfficialFigure" ADD CONSTRAINT "OfficialFigure_pkey" PRIMARY KEY ("electionId", "unitCode", "ballot", "figure");
