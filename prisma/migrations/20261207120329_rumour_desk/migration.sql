-- CreateEnum
CREATE TYPE "ClaimVerdict" AS ENUM ('true', 'false', 'misleading', 'unverified');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'fact_checker';

-- AlterTable
ALTER TABLE "TallyPhoto" ADD COLUMN     "phash" TEXT;

-- CreateTable
CREATE TABLE "Claim" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "link" TEXT,
    "imageKey" TEXT,
    "imageType" TEXT,
    "imageSha256" TEXT,
    "imagePhash" TEXT,
    "unitCode" TEXT,
    "matchedPhotoId" UUID,
    "verdict" "ClaimVerdict",
    "explanationTh" TEXT,
    "explanationEn" TEXT,
    "publishedAt" TIMESTAMP(3),
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Claim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Claim_electionId_publishedAt_idx" ON "Claim"("electionId", "publishedAt");

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;
