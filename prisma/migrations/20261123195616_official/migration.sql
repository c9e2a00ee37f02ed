-- CreateTable
CREATE TABLE "OfficialVote" (
    "electionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "ballot" "BallotKind" NOT NULL,
    "number" INTEGER NOT NULL,
    "votes" INTEGER NOT NULL,

    CONSTRAINT "OfficialVote_pkey" PRIMARY KEY ("electionId","unitCode","ballot","number")
);
