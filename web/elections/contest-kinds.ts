// What each kind of contest is (ContestKind in the schema): the form's fields, whether it
// elects anyone and how. Shared by the phone's form and the server.
import type { Figure } from "../tally/tally-rules.ts";

export const CONTEST_KINDS = ["district", "area_wide", "party_list", "multi_member", "referendum"] as const;
export type ContestKind = (typeof CONTEST_KINDS)[number];

export interface KindRules {
  /** Who or what receives votes: candidates of the unit's area, the election's parties,
   *  or the question's options. */
  choices: "candidates" | "parties" | "options";
  /** Where the winners are decided: in each area (district, multi-member), over the
   *  whole contest (area-wide seat, party list), or nowhere (a question has no seats). */
  decidedIn: "area" | "contest" | "none";
  /** The ballot has a "vote no" box (ไม่ประสงค์ลงคะแนน); a referendum's abstention is one of
   *  its options instead. */
  voteNo: boolean;
}

export const KIND_RULES: Record<ContestKind, KindRules> = {
  district: { choices: "candidates", decidedIn: "area", voteNo: true },
  area_wide: { choices: "candidates", decidedIn: "contest", voteNo: true },
  party_list: { choices: "parties", decidedIn: "contest", voteNo: true },
  multi_member: { choices: "candidates", decidedIn: "area", voteNo: true },
  referendum: { choices: "options", decidedIn: "none", voteNo: false },
};

/** The area code of candidates and options that stand in the whole contest (an area-wide
 *  seat's candidates, a question's options): one row each, not one per area. */
export const CONTEST_WIDE = "*";

/** The figures a contest's form asks for (a referendum's has no vote-no). */
export function figuresOf<F extends readonly Figure[]>(kind: ContestKind, figures: F): Figure[] {
  return figures.filter((f) => f !== "voteNo" || KIND_RULES[kind].voteNo);
}

/** The ECT's number of the count report a committee fills in for a ballot of an MP
 *  election (the contests keyed constituency and party_list): by who counted it — a
 *  polling unit 5/18, advance votes counted in the constituency 5/16, those from outside
 *  it, abroad and the central places 5/17 — with "(บช.)" on the party list. Null for any
 *  other contest (a local election or a referendum has its own law's forms): the pages
 *  then say "the count report". */
export function countFormOf(ballot: string, unitKind: string): string | null {
  if (ballot !== "constituency" && ballot !== "party_list") return null;
  const number = unitKind === "polling" ? "5/18" : unitKind === "advance_in" ? "5/16" : "5/17";
  return `ส.ส. ${number}${ballot === "party_list" ? " (บช.)" : ""}`;
}

/** Whether a contest of this kind (as the feed and the pages carry it) has a vote-no box. */
export function hasVoteNoBox(kind: string): boolean {
  return (CONTEST_KINDS as readonly string[]).includes(kind) ? KIND_RULES[kind as ContestKind].voteNo : true;
}
