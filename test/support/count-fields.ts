// Counts that add up, as a form's fields, for the tests of the count's rules (no database).

/** 6 candidates: 800 eligible, 600 came, 600 used, 570 valid. */
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

/** The same count on a ballot of two numbers (370 and 200). */
export const twoNumberFields = (over: Record<string, string> = {}) => {
  const { vote_3: _3, vote_4: _4, vote_5: _5, vote_6: _6, ...rest } = countFields({ vote_1: "370", vote_2: "200" });
  return { ...rest, ...over };
};
