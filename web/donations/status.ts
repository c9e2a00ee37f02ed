// A donation's state is derived from facts that webhook events add in any order — the
// ledger rows (donation, refunds) and the checkout's timestamps — never stored on its own.
// So a late or repeated event cannot move it backwards.

export type DonationStatus =
  "pending" | "processing" | "confirmed" | "partially_refunded" | "refunded" | "failed" | "expired";

export interface DonationFacts {
  /** The donation's ledger row amount in satang (null: payment not confirmed). */
  received: number | null;
  /** Sum of refund rows, as a positive number of satang. */
  refunded: number;
  awaitingPayment: boolean;
  failed: boolean;
  expired: boolean;
}

export function donationStatus(f: DonationFacts): DonationStatus {
  if (f.received !== null) {
    if (f.refunded >= f.received) return "refunded";
    return f.refunded > 0 ? "partially_refunded" : "confirmed";
  }
  if (f.refunded > 0) return "refunded"; // a refund seen before its payment: the payment happened
  if (f.failed) return "failed";
  if (f.expired) return "expired";
  return f.awaitingPayment ? "processing" : "pending";
}

/** A receipt exists once money was received. */
export const hasReceipt = (status: DonationStatus) =>
  status === "confirmed" || status === "partially_refunded" || status === "refunded";
