-- CreateEnum
CREATE TYPE "CouponRule" AS ENUM ('donor_min', 'verified_entry', 'shift_checked_in', 'constituency_head');

-- CreateEnum
CREATE TYPE "CouponStatus" AS ENUM ('available', 'claimed', 'redeemed');

-- CreateEnum
CREATE TYPE "ChainOpKind" AS ENUM ('define', 'issue', 'deliver', 'redeem');

-- CreateEnum
CREATE TYPE "ChainOpStatus" AS ENUM ('built', 'sent', 'confirmed');

-- DropIndex
DROP INDEX "RoleGrant_userId_role_organisationId_constituencyId_key";

-- AlterTable
ALTER TABLE "RoleGrant" ADD COLUMN     "sponsorId" UUID;

-- CreateTable
CREATE TABLE "Sponsor" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sponsor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CouponOffer" (
    "id" UUID NOT NULL,
    "sponsorId" UUID NOT NULL,
    "tokenId" SERIAL NOT NULL,
    "titleTh" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "descriptionTh" TEXT NOT NULL,
    "descriptionEn" TEXT NOT NULL,
    "imageKey" TEXT,
    "valueSatang" INTEGER NOT NULL,
    "stock" INTEGER NOT NULL,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validUntil" TIMESTAMP(3) NOT NULL,
    "whereTh" TEXT NOT NULL,
    "whereEn" TEXT NOT NULL,
    "rule" "CouponRule" NOT NULL,
    "ruleMinSatang" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "defineOpId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CouponOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Coupon" (
    "id" UUID NOT NULL,
    "offerId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "holderPhone" TEXT NOT NULL,
    "status" "CouponStatus" NOT NULL DEFAULT 'available',
    "claimedTo" TEXT,
    "mintOpId" UUID,
    "claimOpId" UUID,
    "burnOpId" UUID,
    "redeemedAt" TIMESTAMP(3),
    "redeemedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Coupon_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CouponEvent" (
    "id" UUID NOT NULL,
    "couponId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" UUID,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CouponEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CouponChainOp" (
    "id" UUID NOT NULL,
    "seq" SERIAL NOT NULL,
    "kind" "ChainOpKind" NOT NULL,
    "contract" TEXT NOT NULL,
    "opId" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "items" INTEGER NOT NULL,
    "status" "ChainOpStatus" NOT NULL DEFAULT 'built',
    "nonce" INTEGER,
    "txHashes" TEXT[],
    "sentAt" TIMESTAMP(3),
    "blockNumber" INTEGER,
    "gasUsed" BIGINT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CouponChainOp_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Sponsor_slug_key" ON "Sponsor"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "CouponOffer_tokenId_key" ON "CouponOffer"("tokenId");

-- CreateIndex
CREATE INDEX "CouponOffer_sponsorId_idx" ON "CouponOffer"("sponsorId");

-- CreateIndex
CREATE UNIQUE INDEX "Coupon_code_key" ON "Coupon"("code");

-- CreateIndex
CREATE INDEX "Coupon_holderPhone_idx" ON "Coupon"("holderPhone");

-- CreateIndex
CREATE INDEX "Coupon_mintOpId_idx" ON "Coupon"("mintOpId");

-- CreateIndex
CREATE UNIQUE INDEX "Coupon_offerId_holderPhone_key" ON "Coupon"("offerId", "holderPhone");

-- CreateIndex
CREATE INDEX "CouponEvent_couponId_createdAt_idx" ON "CouponEvent"("couponId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CouponChainOp_seq_key" ON "CouponChainOp"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "CouponChainOp_opId_key" ON "CouponChainOp"("opId");

-- CreateIndex
CREATE INDEX "CouponChainOp_status_idx" ON "CouponChainOp"("status");

-- CreateIndex
CREATE UNIQUE INDEX "RoleGrant_userId_role_organisationId_constituencyId_sponsor_key" ON "RoleGrant"("userId", "role", "organisationId", "constituencyId", "sponsorId");

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_sponsorId_fkey" FOREIGN KEY ("sponsorId") REFERENCES "Sponsor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CouponOffer" ADD CONSTRAINT "CouponOffer_sponsorId_fkey" FOREIGN KEY ("sponsorId") REFERENCES "Sponsor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Coupon" ADD CONSTRAINT "Coupon_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "CouponOffer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CouponEvent" ADD CONSTRAINT "CouponEvent_couponId_fkey" FOREIGN KEY ("couponId") REFERENCES "Coupon"("id") ON DELETE CASCADE ON UPDATE CASCADE;
