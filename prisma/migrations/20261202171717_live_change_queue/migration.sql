-- The snapshots waiting for the fold move from a flag on LiveSnapshot (which the fold
-- updated, holding row locks that made the intake wait) to a queue of their own
-- (ADR 0027): live_submit_many appends, live_fold deletes.

-- CreateTable
CREATE TABLE "LiveChange" (
    "id" BIGSERIAL NOT NULL,
    "electionId" UUID NOT NULL,
    "unitCode" TEXT NOT NULL,
    "ballot" TEXT NOT NULL,

    CONSTRAINT "LiveChange_pkey" PRIMARY KEY ("id")
);

-- What was still waiting keeps waiting, in the queue.
INSERT INTO "LiveChange" ("electionId", "unitCode", "ballot")
SELECT "electionId", "unitCode", "ballot" FROM "LiveSnapshot" WHERE "pending";

-- AlterTable (drops LiveSnapshot_pending_idx with it)
ALTER TABLE "LiveSnapshot" DROP COLUMN "pending";
