-- AlterTable
ALTER TABLE "AnchorBatch" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'photos';

-- CreateTable
CREATE TABLE "QuickCountSample" (
    "electionId" UUID NOT NULL,
    "seed" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "strataBy" TEXT NOT NULL,
    "strata" JSONB NOT NULL,
    "units" TEXT[],
    "commitment" TEXT NOT NULL,
    "anchorBatchId" UUID,
    "drawnById" UUID NOT NULL,
    "drawnAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishSampleShare" DOUBLE PRECISION NOT NULL DEFAULT 0.95,
    "publishStrataShare" DOUBLE PRECISION NOT NULL DEFAULT 0.95,

    CONSTRAINT "QuickCountSample_pkey" PRIMARY KEY ("electionId")
);

-- CreateIndex
CREATE UNIQUE INDEX "QuickCountSample_commitment_key" ON "QuickCountSample"("commitment");

-- CreateIndex
CREATE UNIQUE INDEX "QuickCountSample_anchorBatchId_key" ON "QuickCountSample"("anchorBatchId");

-- AddForeignKey
ALTER TABLE "QuickCountSample" ADD CONSTRAINT "QuickCountSample_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;
