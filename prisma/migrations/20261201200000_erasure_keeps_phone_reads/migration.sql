-- Erasing a staff member who once revealed a phone number failed (the read pointed at
-- them, ON DELETE RESTRICT). The read stays — the volunteer's right to know who looked —
-- with the staff member's identity removed (issue 17).
ALTER TABLE "PhoneRead" ALTER COLUMN "staffUserId" DROP NOT NULL;
ALTER TABLE "PhoneRead" DROP CONSTRAINT "PhoneRead_staffUserId_fkey";
ALTER TABLE "PhoneRead" ADD CONSTRAINT "PhoneRead_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
