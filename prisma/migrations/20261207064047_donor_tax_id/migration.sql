-- AlterTable
ALTER TABLE "Donation" ADD COLUMN     "donorTaxIdSealed" TEXT;
