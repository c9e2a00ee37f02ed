-- AlterTable
ALTER TABLE "Election" ADD COLUMN     "opensAt" TIMESTAMP(3);
