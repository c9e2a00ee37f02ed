-- CreateEnum
CREATE TYPE "KeyRequestStatus" AS ENUM ('pending', 'approved', 'refused', 'claimed');

-- AlterTable
ALTER TABLE "Election" ADD COLUMN     "rehearsal" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "MediaKeyRequest" (
    "id" UUID NOT NULL,
    "outletName" TEXT NOT NULL,
    "contactName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "website" TEXT,
    "purpose" TEXT NOT NULL,
    "status" "KeyRequestStatus" NOT NULL DEFAULT 'pending',
    "claimHash" TEXT,
    "outletId" UUID,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediaKeyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MediaKeyRequest_claimHash_key" ON "MediaKeyRequest"("claimHash");

-- CreateIndex
CREATE INDEX "MediaKeyRequest_status_createdAt_idx" ON "MediaKeyRequest"("status", "createdAt");
