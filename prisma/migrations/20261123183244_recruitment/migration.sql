-- Trigram index for searching names (Thai or Latin) by any part.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "VolunteerTier" AS ENUM ('polling_unit', 'constituency_team', 'war_room');

-- CreateEnum
CREATE TYPE "AffiliationStatus" AS ENUM ('pending', 'approved', 'rejected', 'suspended');

-- CreateEnum
CREATE TYPE "ConsentKind" AS ENUM ('data_processing', 'post_election_contact');

-- CreateTable
CREATE TABLE "Volunteer" (
    "id" UUID NOT NULL,
    "userId" UUID,
    "nationalIdHash" TEXT,
    "nationalIdLast4" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "erasedAt" TIMESTAMP(3),

    CONSTRAINT "Volunteer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Affiliation" (
    "id" UUID NOT NULL,
    "volunteerId" UUID NOT NULL,
    "organisationId" UUID,
    "status" "AffiliationStatus" NOT NULL DEFAULT 'pending',
    "statusReason" TEXT,
    "note" TEXT,
    "fullName" TEXT NOT NULL,
    "phone" TEXT,
    "birthDate" DATE NOT NULL,
    "isStudent" BOOLEAN NOT NULL DEFAULT false,
    "provinceCode" TEXT,
    "constituencyId" TEXT,
    "districtCode" TEXT,
    "subdistrictCode" TEXT,
    "tiers" "VolunteerTier"[],
    "source" TEXT NOT NULL DEFAULT 'signup',
    "importLine" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Affiliation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AffiliationEvent" (
    "id" UUID NOT NULL,
    "affiliationId" UUID NOT NULL,
    "fromStatus" "AffiliationStatus",
    "toStatus" "AffiliationStatus" NOT NULL,
    "reason" TEXT,
    "actorId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AffiliationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" UUID NOT NULL,
    "volunteerId" UUID NOT NULL,
    "kind" "ConsentKind" NOT NULL,
    "version" TEXT NOT NULL,
    "givenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PhoneRead" (
    "id" UUID NOT NULL,
    "staffUserId" UUID NOT NULL,
    "volunteerId" UUID NOT NULL,
    "organisationId" UUID,
    "purpose" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PhoneRead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RosterImport" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "storagePath" TEXT,
    "errorFilePath" TEXT,
    "totalBytes" INTEGER NOT NULL,
    "bytesRead" INTEGER NOT NULL DEFAULT 0,
    "rowsRead" INTEGER NOT NULL DEFAULT 0,
    "status" "ImportStatus" NOT NULL DEFAULT 'queued',
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,
    "errors" JSONB,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RosterImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Volunteer_userId_key" ON "Volunteer"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Volunteer_nationalIdHash_key" ON "Volunteer"("nationalIdHash");

-- CreateIndex
CREATE INDEX "Affiliation_organisationId_createdAt_id_idx" ON "Affiliation"("organisationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Affiliation_organisationId_status_createdAt_idx" ON "Affiliation"("organisationId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Affiliation_organisationId_provinceCode_idx" ON "Affiliation"("organisationId", "provinceCode");

-- CreateIndex
CREATE INDEX "Affiliation_organisationId_constituencyId_idx" ON "Affiliation"("organisationId", "constituencyId");

-- CreateIndex
CREATE INDEX "Affiliation_organisationId_birthDate_idx" ON "Affiliation"("organisationId", "birthDate");

-- CreateIndex
CREATE INDEX "Affiliation_fullName_trgm_idx" ON "Affiliation" USING GIN ("fullName" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "Affiliation_volunteerId_organisationId_key" ON "Affiliation"("volunteerId", "organisationId");

-- CreateIndex
CREATE INDEX "AffiliationEvent_affiliationId_idx" ON "AffiliationEvent"("affiliationId");

-- CreateIndex
CREATE INDEX "Consent_volunteerId_kind_idx" ON "Consent"("volunteerId", "kind");

-- CreateIndex
CREATE INDEX "PhoneRead_readAt_idx" ON "PhoneRead"("readAt");

-- CreateIndex
CREATE INDEX "PhoneRead_volunteerId_idx" ON "PhoneRead"("volunteerId");

-- CreateIndex
CREATE INDEX "RosterImport_organisationId_createdAt_idx" ON "RosterImport"("organisationId", "createdAt");

-- AddForeignKey
ALTER TABLE "Volunteer" ADD CONSTRAINT "Volunteer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Affiliation" ADD CONSTRAINT "Affiliation_volunteerId_fkey" FOREIGN KEY ("volunteerId") REFERENCES "Volunteer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Affiliation" ADD CONSTRAINT "Affiliation_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AffiliationEvent" ADD CONSTRAINT "AffiliationEvent_affiliationId_fkey" FOREIGN KEY ("affiliationId") REFERENCES "Affiliation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AffiliationEvent" ADD CONSTRAINT "AffiliationEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_volunteerId_fkey" FOREIGN KEY ("volunteerId") REFERENCES "Volunteer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneRead" ADD CONSTRAINT "PhoneRead_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneRead" ADD CONSTRAINT "PhoneRead_volunteerId_fkey" FOREIGN KEY ("volunteerId") REFERENCES "Volunteer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneRead" ADD CONSTRAINT "PhoneRead_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterImport" ADD CONSTRAINT "RosterImport_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterImport" ADD CONSTRAINT "RosterImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
