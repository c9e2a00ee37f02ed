-- CreateEnum
CREATE TYPE "BallotKind" AS ENUM ('constituency', 'party_list');

-- CreateEnum
CREATE TYPE "ResultStatus" AS ENUM ('reported', 'verified', 'disputed', 'escalated');

-- CreateTable
CREATE TABLE "Election" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Election_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Party" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "colour" TEXT NOT NULL,

    CONSTRAINT "Party_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Candidate" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "constituencyId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "nameTh" TEXT NOT NULL,
    "partyId" UUID,

    CONSTRAINT "Candidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TallyEntry" (
    "id" UUID NOT NULL,
    "submissionId" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "ballot" "BallotKind" NOT NULL,
    "source" TEXT NOT NULL,
    "enteredById" UUID NOT NULL,
    "eligible" INTEGER NOT NULL,
    "voters" INTEGER NOT NULL,
    "ballotsReceived" INTEGER NOT NULL,
    "ballotsUsed" INTEGER NOT NULL,
    "ballotsLeftOver" INTEGER NOT NULL,
    "invalid" INTEGER NOT NULL,
    "voteNo" INTEGER NOT NULL,
    "votes" JSONB NOT NULL,
    "flags" TEXT[],
    "fingerprint" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TallyEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TallyPhoto" (
    "id" UUID NOT NULL,
    "entryId" UUID,
    "unitCode" TEXT NOT NULL,
    "ballot" "BallotKind" NOT NULL,
    "kind" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TallyPhoto_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnitResult" (
    "electionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "ballot" "BallotKind" NOT NULL,
    "status" "ResultStatus" NOT NULL,
    "verifiedEntryId" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnitResult_pkey" PRIMARY KEY ("electionId","unitCode","ballot")
);

-- CreateTable
CREATE TABLE "ResultEvent" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "ballot" "BallotKind" NOT NULL,
    "fromStatus" "ResultStatus",
    "toStatus" "ResultStatus" NOT NULL,
    "entryId" UUID,
    "actorId" UUID,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResultEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Election_slug_key" ON "Election"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Party_electionId_number_key" ON "Party"("electionId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Candidate_electionId_constituencyId_number_key" ON "Candidate"("electionId", "constituencyId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "TallyEntry_submissionId_key" ON "TallyEntry"("submissionId");

-- CreateIndex
CREATE INDEX "TallyEntry_electionId_unitCode_ballot_createdAt_idx" ON "TallyEntry"("electionId", "unitCode", "ballot", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "TallyPhoto_sha256_key" ON "TallyPhoto"("sha256");

-- CreateIndex
CREATE INDEX "TallyPhoto_unitCode_ballot_idx" ON "TallyPhoto"("unitCode", "ballot");

-- CreateIndex
CREATE INDEX "UnitResult_electionId_status_idx" ON "UnitResult"("electionId", "status");

-- CreateIndex
CREATE INDEX "ResultEvent_electionId_unitCode_ballot_createdAt_idx" ON "ResultEvent"("electionId", "unitCode", "ballot", "createdAt");

-- AddForeignKey
ALTER TABLE "Party" ADD CONSTRAINT "Party_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Candidate" ADD CONSTRAINT "Candidate_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Candidate" ADD CONSTRAINT "Candidate_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "Party"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TallyEntry" ADD CONSTRAINT "TallyEntry_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TallyPhoto" ADD CONSTRAINT "TallyPhoto_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "TallyEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitResult" ADD CONSTRAINT "UnitResult_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;
