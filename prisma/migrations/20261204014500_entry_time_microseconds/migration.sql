-- An entry's moment of writing to the microsecond (ADR 0034): entries written within one
-- millisecond (a group of entries, a quick correction) keep their order. A wider
-- precision of the same type: no rewrite of the table or its index.
ALTER TABLE "TallyEntry" ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMP(6);
