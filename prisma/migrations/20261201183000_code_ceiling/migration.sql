-- The platform-wide ceiling on sign-in codes sent per hour counts them by time (issue 17).
CREATE INDEX "OneTimeCode_createdAt_idx" ON "OneTimeCode"("createdAt");
