// What the tally's tests share: a count that adds up, and a stored photo of the signed form.
import { randomUUID } from "node:crypto";
import { db } from "../../web/db/db.server.ts";

/** A count that adds up, as the form's fields (6 candidates): 800 eligible, 600 came,
 *  600 used, 570 valid. */
export const countFields = (over: Record<string, string> = {}) => ({
  eligible: "800",
  voters: "600",
  ballotsReceived: "820",
  ballotsUsed: "600",
  valid: "570",
  ballotsLeftOver: "220",
  invalid: "10",
  voteNo: "20",
  vote_1: "200",
  vote_2: "150",
  vote_3: "100",
  vote_4: "60",
  vote_5: "40",
  vote_6: "20",
  ...over,
});

/** A photo of the signed form, stored for the unit and not yet sent with an entry (its
 *  bytes are not needed: only that it is there). */
export const formPhoto = async (
  unitCode: string,
  userId: string,
  ballot: "constituency" | "party_list" = "constituency",
) =>
  (
    await db().tallyPhoto.create({
      data: {
        unitCode,
        ballot,
        kind: "form",
        sha256: randomUUID().replaceAll("-", "").repeat(2),
        storageKey: `test/${randomUUID()}`,
        contentType: "image/jpeg",
        bytes: 1,
        uploadedById: userId,
      },
    })
  ).id;
