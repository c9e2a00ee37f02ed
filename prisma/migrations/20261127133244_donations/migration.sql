-- CreateEnum
CREATE TYPE "PaymentChannel" AS ENUM ('card', 'promptpay');

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('donation', 'refund', 'fee', 'spending');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'finance_admin';

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "titleTh" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "storyTh" TEXT NOT NULL,
    "storyEn" TEXT NOT NULL,
    "goalSatang" BIGINT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'thb',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignUpdate" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "bodyTh" TEXT NOT NULL,
    "bodyEn" TEXT NOT NULL,
    "authorId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Donation" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "amountSatang" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'thb',
    "donorName" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "consentAt" TIMESTAMP(3) NOT NULL,
    "accessTokenHash" TEXT NOT NULL,
    "checkoutSessionId" TEXT,
    "paymentIntentId" TEXT,
    "channel" "PaymentChannel",
    "awaitingPaymentAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "expiredAt" TIMESTAMP(3),
    "receiptNumber" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Donation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "donationId" UUID,
    "kind" "LedgerKind" NOT NULL,
    "amountSatang" BIGINT NOT NULL,
    "channel" "PaymentChannel",
    "category" TEXT,
    "description" TEXT,
    "receiptKey" TEXT,
    "receiptName" TEXT,
    "externalId" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "donationId" UUID,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_slug_key" ON "Campaign"("slug");

-- CreateIndex
CREATE INDEX "CampaignUpdate_campaignId_createdAt_idx" ON "CampaignUpdate"("campaignId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Donation_checkoutSessionId_key" ON "Donation"("checkoutSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Donation_paymentIntentId_key" ON "Donation"("paymentIntentId");

-- CreateIndex
CREATE UNIQUE INDEX "Donation_receiptNumber_key" ON "Donation"("receiptNumber");

-- CreateIndex
CREATE INDEX "Donation_phone_idx" ON "Donation"("phone");

-- CreateIndex
CREATE INDEX "Donation_campaignId_createdAt_idx" ON "Donation"("campaignId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_externalId_key" ON "LedgerEntry"("externalId");

-- CreateIndex
CREATE INDEX "LedgerEntry_campaignId_occurredAt_idx" ON "LedgerEntry"("campaignId", "occurredAt");

-- CreateIndex
CREATE INDEX "LedgerEntry_donationId_idx" ON "LedgerEntry"("donationId");

-- CreateIndex
CREATE INDEX "StripeEvent_donationId_idx" ON "StripeEvent"("donationId");

-- AddForeignKey
ALTER TABLE "CampaignUpdate" ADD CONSTRAINT "CampaignUpdate_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Donation" ADD CONSTRAINT "Donation_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_donationId_fkey" FOREIGN KEY ("donationId") REFERENCES "Donation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StripeEvent" ADD CONSTRAINT "StripeEvent_donationId_fkey" FOREIGN KEY ("donationId") REFERENCES "Donation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Receipt numbers are given in order of confirmation (not of creation).
CREATE SEQUENCE "donation_receipt_seq" START 1;
