-- CreateTable
CREATE TABLE "ConstituencyTotal" (
    "electionId" UUID NOT NULL,
    "ballot" "BallotKind" NOT NULL,
    "constituencyId" TEXT NOT NULL,
    "unitsVerified" INTEGER NOT NULL DEFAULT 0,
    "eligible" INTEGER NOT NULL DEFAULT 0,
    "voters" INTEGER NOT NULL DEFAULT 0,
    "ballotsUsed" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "voteNo" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ConstituencyTotal_pkey" PRIMARY KEY ("electionId","ballot","constituencyId")
);

-- CreateTable
CREATE TABLE "VoteTotal" (
    "electionId" UUID NOT NULL,
    "ballot" "BallotKind" NOT NULL,
    "constituencyId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "votes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "VoteTotal_pkey" PRIMARY KEY ("electionId","ballot","constituencyId","number")
);

-- CreateTable
CREATE TABLE "ResultChange" (
    "seq" SERIAL NOT NULL,
    "electionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "ballot" "BallotKind" NOT NULL,
    "kind" TEXT NOT NULL,
    "entryId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResultChange_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "MediaOutlet" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "MediaOutlet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ResultChange_electionId_seq_idx" ON "ResultChange"("electionId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "MediaOutlet_keyHash_key" ON "MediaOutlet"("keyHash");
