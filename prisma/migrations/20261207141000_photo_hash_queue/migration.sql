-- The photos still waiting for their perceptual hash (the workers' hashing loop, issue 42):
-- few at any moment, found without reading the others.
CREATE INDEX "TallyPhoto_unhashed_idx" ON "TallyPhoto" ("createdAt") WHERE phash IS NULL AND "incidentId" IS NULL;
