// Spending categories shown on the transparency page (shared with the finance form).
export const SPENDING_CATEGORIES = [
  "volunteer_support",
  "training",
  "technology",
  "communications",
  "operations",
  "other",
] as const;
export type SpendingCategory = (typeof SPENDING_CATEGORIES)[number];
