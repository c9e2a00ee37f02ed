-- AlterTable
ALTER TABLE "RosterImport" ADD COLUMN     "invited" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "RosterInvitation" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "status" "AffiliationStatus" NOT NULL,
    "fullName" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "isStudent" BOOLEAN NOT NULL DEFAULT false,
    "provinceCode" TEXT,
    "constituencyId" TEXT,
    "districtCode" TEXT,
    "subdistrictCode" TEXT,
    "tiers" "VolunteerTier"[],
    "nationalIdHash" TEXT,
    "nationalIdLast4" TEXT,
    "importLine" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RosterInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RosterInvitation_organisationId_idx" ON "RosterInvitation"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "RosterInvitation_userId_organisationId_key" ON "RosterInvitation"("userId", "organisationId");

-- AddForeignKey
ALTER TABLE "RosterInvitation" ADD CONSTRAINT "RosterInvitation_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterInvitation" ADD CONSTRAINT "RosterInvitation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
