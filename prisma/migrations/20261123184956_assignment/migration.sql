-- CreateEnum
CREATE TYPE "AssignmentStatus" AS ENUM ('offered', 'accepted');

-- CreateEnum
CREATE TYPE "ShiftSignupStatus" AS ENUM ('signed_up', 'confirmed', 'checked_in');

-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "unitQuota" INTEGER;

-- AlterTable
ALTER TABLE "PollingUnit" ADD COLUMN     "assignmentVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "UnitAssignment" (
    "id" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "volunteerId" UUID NOT NULL,
    "organisationId" UUID,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'offered',
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnitAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssignmentEvent" (
    "id" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "volunteerId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "reason" TEXT,
    "actorId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssignmentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssignmentRun" (
    "id" UUID NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'running',
    "units" INTEGER NOT NULL DEFAULT 0,
    "candidates" INTEGER NOT NULL DEFAULT 0,
    "reporters" INTEGER NOT NULL DEFAULT 0,
    "backups" INTEGER NOT NULL DEFAULT 0,
    "added" INTEGER NOT NULL DEFAULT 0,
    "bound" INTEGER NOT NULL DEFAULT 0,
    "actorId" UUID,

    CONSTRAINT "AssignmentRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" UUID,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ConstituencyTeamMember" (
    "constituencyId" TEXT NOT NULL,
    "volunteerId" UUID NOT NULL,
    "addedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConstituencyTeamMember_pkey" PRIMARY KEY ("constituencyId","volunteerId")
);

-- CreateTable
CREATE TABLE "Shift" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "seats" INTEGER NOT NULL,

    CONSTRAINT "Shift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShiftSignup" (
    "shiftId" UUID NOT NULL,
    "volunteerId" UUID NOT NULL,
    "status" "ShiftSignupStatus" NOT NULL DEFAULT 'signed_up',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShiftSignup_pkey" PRIMARY KEY ("shiftId","volunteerId")
);

-- CreateIndex
CREATE UNIQUE INDEX "UnitAssignment_volunteerId_key" ON "UnitAssignment"("volunteerId");

-- CreateIndex
CREATE INDEX "UnitAssignment_organisationId_idx" ON "UnitAssignment"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "UnitAssignment_unitCode_slot_key" ON "UnitAssignment"("unitCode", "slot");

-- CreateIndex
CREATE INDEX "AssignmentEvent_unitCode_createdAt_idx" ON "AssignmentEvent"("unitCode", "createdAt");

-- CreateIndex
CREATE INDEX "AssignmentEvent_volunteerId_createdAt_idx" ON "AssignmentEvent"("volunteerId", "createdAt");

-- CreateIndex
CREATE INDEX "Affiliation_provinceCode_status_idx" ON "Affiliation"("provinceCode", "status");

-- AddForeignKey
ALTER TABLE "UnitAssignment" ADD CONSTRAINT "UnitAssignment_volunteerId_fkey" FOREIGN KEY ("volunteerId") REFERENCES "Volunteer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConstituencyTeamMember" ADD CONSTRAINT "ConstituencyTeamMember_constituencyId_fkey" FOREIGN KEY ("constituencyId") REFERENCES "Constituency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConstituencyTeamMember" ADD CONSTRAINT "ConstituencyTeamMember_volunteerId_fkey" FOREIGN KEY ("volunteerId") REFERENCES "Volunteer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftSignup" ADD CONSTRAINT "ShiftSignup_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "Shift"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftSignup" ADD CONSTRAINT "ShiftSignup_volunteerId_fkey" FOREIGN KEY ("volunteerId") REFERENCES "Volunteer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
