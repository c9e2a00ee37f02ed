-- CreateEnum
CREATE TYPE "UnitKind" AS ENUM ('polling', 'advance_in', 'advance_out', 'overseas', 'central');

-- AlterTable
ALTER TABLE "PollingUnit" ADD COLUMN     "kind" "UnitKind" NOT NULL DEFAULT 'polling';
