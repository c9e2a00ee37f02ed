-- CreateEnum
CREATE TYPE "ChecklistPhase" AS ENUM ('opening', 'during', 'close', 'count');

-- CreateEnum
CREATE TYPE "ChecklistKind" AS ENUM ('yes_no', 'number', 'text');

-- CreateTable
CREATE TABLE "ChecklistQuestion" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "phase" "ChecklistPhase" NOT NULL,
    "kind" "ChecklistKind" NOT NULL,
    "textTh" TEXT NOT NULL,
    "textEn" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ChecklistQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChecklistAnswer" (
    "id" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "answeredById" UUID,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChecklistAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChecklistQuestion_electionId_key_key" ON "ChecklistQuestion"("electionId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ChecklistAnswer_questionId_unitCode_key" ON "ChecklistAnswer"("questionId", "unitCode");

-- AddForeignKey
ALTER TABLE "ChecklistQuestion" ADD CONSTRAINT "ChecklistQuestion_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChecklistAnswer" ADD CONSTRAINT "ChecklistAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "ChecklistQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
