-- CreateEnum
CREATE TYPE "CallOutcome" AS ENUM ('called', 'reached', 'noAnswer', 'replaced');

-- CreateTable
CREATE TABLE "UnitCall" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "slot" INTEGER,
    "outcome" "CallOutcome" NOT NULL,
    "note" TEXT,
    "byUserId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnitCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewClaim" (
    "electionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "ballot" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "touchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewClaim_pkey" PRIMARY KEY ("electionId","unitCode","ballot")
);

-- CreateTable
CREATE TABLE "ReleaseEvent" (
    "id" UUID NOT NULL,
    "released" BOOLEAN NOT NULL,
    "userId" UUID NOT NULL,
    "summary" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReleaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UnitCall_electionId_unitCode_createdAt_idx" ON "UnitCall"("electionId", "unitCode", "createdAt");

-- CreateIndex
CREATE INDEX "ReviewClaim_userId_idx" ON "ReviewClaim"("userId");

-- CreateIndex
CREATE INDEX "ReleaseEvent_createdAt_idx" ON "ReleaseEvent"("createdAt");

-- AddForeignKey
ALTER TABLE "UnitCall" ADD CONSTRAINT "UnitCall_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewClaim" ADD CONSTRAINT "ReviewClaim_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;
