-- CreateTable
CREATE TABLE "LiveSnapshot" (
    "electionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "ballot" TEXT NOT NULL,
    "deviceId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "taps" INTEGER NOT NULL,
    "undos" INTEGER NOT NULL,
    "ballots" INTEGER NOT NULL,
    "votes" JSONB NOT NULL,
    "invalid" INTEGER NOT NULL,
    "voteNo" INTEGER NOT NULL,
    "finished" BOOLEAN NOT NULL DEFAULT false,
    "flags" TEXT[],
    "firstTapAt" TIMESTAMP(3),
    "lastTapAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "pending" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "LiveSnapshot_pkey" PRIMARY KEY ("electionId","unitCode","ballot","deviceId")
);

-- CreateTable
CREATE TABLE "LiveUnit" (
    "electionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "ballot" TEXT NOT NULL,
    "areaCode" TEXT NOT NULL,
    "deviceId" UUID NOT NULL,
    "devices" INTEGER NOT NULL,
    "ballots" INTEGER NOT NULL,
    "votes" JSONB NOT NULL,
    "invalid" INTEGER NOT NULL,
    "voteNo" INTEGER NOT NULL,
    "finished" BOOLEAN NOT NULL,
    "final" BOOLEAN NOT NULL,
    "eligible" INTEGER,
    "flags" TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiveUnit_pkey" PRIMARY KEY ("electionId","unitCode","ballot")
);

-- CreateTable
CREATE TABLE "LiveTotal" (
    "electionId" UUID NOT NULL,
    "ballot" TEXT NOT NULL,
    "areaCode" TEXT NOT NULL,
    "unitsCounting" INTEGER NOT NULL DEFAULT 0,
    "unitsFinished" INTEGER NOT NULL DEFAULT 0,
    "unitsFinal" INTEGER NOT NULL DEFAULT 0,
    "ballots" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "voteNo" INTEGER NOT NULL DEFAULT 0,
    "knownBallots" INTEGER NOT NULL DEFAULT 0,
    "knownEligible" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LiveTotal_pkey" PRIMARY KEY ("electionId","ballot","areaCode")
);

-- CreateTable
CREATE TABLE "LiveVoteTotal" (
    "electionId" UUID NOT NULL,
    "ballot" TEXT NOT NULL,
    "areaCode" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "votes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LiveVoteTotal_pkey" PRIMARY KEY ("electionId","ballot","areaCode","number")
);

-- CreateIndex
CREATE INDEX "LiveUnit_electionId_ballot_areaCode_idx" ON "LiveUnit"("electionId", "ballot", "areaCode");

-- The snapshots not yet folded into the provisional totals (live_fold): few at any moment.
CREATE INDEX "LiveSnapshot_pending_idx" ON "LiveSnapshot" ("electionId") WHERE pending;
