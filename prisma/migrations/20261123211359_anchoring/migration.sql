-- CreateEnum
CREATE TYPE "AnchorStatus" AS ENUM ('built', 'sent', 'mined', 'confirmed');

-- AlterTable
ALTER TABLE "TallyPhoto" ADD COLUMN     "anchorBatchId" UUID,
ADD COLUMN     "anchorProof" TEXT[];

-- CreateTable
CREATE TABLE "AnchorBatch" (
    "id" UUID NOT NULL,
    "seq" SERIAL NOT NULL,
    "root" TEXT NOT NULL,
    "leafCount" INTEGER NOT NULL,
    "chainId" INTEGER NOT NULL,
    "contract" TEXT NOT NULL,
    "status" "AnchorStatus" NOT NULL DEFAULT 'built',
    "nonce" INTEGER,
    "rawTx" TEXT,
    "txHash" TEXT,
    "txHashes" TEXT[],
    "maxFeePerGas" BIGINT,
    "sentAt" TIMESTAMP(3),
    "blockNumber" INTEGER,
    "blockHash" TEXT,
    "blockTime" TIMESTAMP(3),
    "gasUsed" BIGINT,
    "confirmedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnchorBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AnchorBatch_seq_key" ON "AnchorBatch"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "AnchorBatch_root_key" ON "AnchorBatch"("root");

-- CreateIndex
CREATE INDEX "AnchorBatch_status_idx" ON "AnchorBatch"("status");

-- CreateIndex
CREATE INDEX "TallyPhoto_anchorBatchId_idx" ON "TallyPhoto"("anchorBatchId");

-- CreateIndex
CREATE INDEX "TallyPhoto_pending_idx" ON "TallyPhoto"("createdAt");

-- AddForeignKey
ALTER TABLE "TallyPhoto" ADD CONSTRAINT "TallyPhoto_anchorBatchId_fkey" FOREIGN KEY ("anchorBatchId") REFERENCES "AnchorBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;
