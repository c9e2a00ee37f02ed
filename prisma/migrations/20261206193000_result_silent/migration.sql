-- A unit that sent nothing a while after the close has a state of its own (issue 36):
-- silent, not a dispute. Added alone: a new enum value can be used only once committed.
ALTER TYPE "ResultStatus" ADD VALUE 'silent';
