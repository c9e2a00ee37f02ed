-- CreateEnum
CREATE TYPE "IncidentKind" AS ENUM ('observation_blocked', 'photo_blocked', 'form_not_posted', 'figures_mismatch', 'intimidation', 'vote_buying', 'equipment', 'other');

-- CreateEnum
CREATE TYPE "IncidentSeverity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('open', 'assigned', 'escalated', 'resolved');

-- AlterTable
ALTER TABLE "TallyPhoto" ADD COLUMN     "incidentId" UUID;

-- CreateTable
CREATE TABLE "Incident" (
    "id" UUID NOT NULL,
    "submissionId" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "constituencyId" TEXT NOT NULL,
    "kind" "IncidentKind" NOT NULL,
    "severity" "IncidentSeverity" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'open',
    "description" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "reportedById" UUID,
    "assignedToId" UUID,
    "escalatedToId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentEvent" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" "IncidentStatus",
    "toStatus" "IncidentStatus" NOT NULL,
    "actorId" UUID,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Incident_submissionId_key" ON "Incident"("submissionId");

-- CreateIndex
CREATE INDEX "Incident_electionId_constituencyId_status_idx" ON "Incident"("electionId", "constituencyId", "status");

-- CreateIndex
CREATE INDEX "Incident_electionId_unitCode_idx" ON "Incident"("electionId", "unitCode");

-- CreateIndex
CREATE INDEX "IncidentEvent_incidentId_createdAt_idx" ON "IncidentEvent"("incidentId", "createdAt");

-- CreateIndex
CREATE INDEX "TallyPhoto_incidentId_idx" ON "TallyPhoto"("incidentId");

-- AddForeignKey
ALTER TABLE "TallyPhoto" ADD CONSTRAINT "TallyPhoto_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentEvent" ADD CONSTRAINT "IncidentEvent_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
