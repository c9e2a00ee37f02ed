// The entry's columns are written once (ENTRY_COLUMNS); the SQL functions that take an
// entry must read the same columns, of the same types, in the same order.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENTRY_COLUMNS } from "../../web/tally/tally.sql.server.ts";

const functionFile = (name: string) =>
  readFileSync(new URL(`../../prisma/functions/${name}.sql`, import.meta.url), "utf8");
const typesOf = (list: string) =>
  list
    .split(",")
    .map((c) => c.trim().split(/\s+/))
    .map(([name, type]) => [name!, type!] as const);
const expected = Object.entries(ENTRY_COLUMNS);

describe("the entry's columns", () => {
  it("are the columns tally_submit_many reads from its jsonb", () => {
    const list = /jsonb_to_recordset\(p_entries\) AS x\(([\s\S]*?)\) LOOP/.exec(functionFile("tally_submit_many"))?.[1];
    expect(list).toBeDefined();
    expect(typesOf(list!)).toEqual(expected);
  });

  it("are the columns tally_submit_plain reads from its jsonb", () => {
    const list = /AS id\s+FROM jsonb_to_recordset\(p_entries\) AS x\(([\s\S]*?)\)\n/.exec(
      functionFile("tally_submit_plain"),
    )?.[1];
    expect(list).toBeDefined();
    expect(typesOf(list!)).toEqual(expected);
  });

  it("are tally_submit's arguments, in order, with the same types", () => {
    const list = /FUNCTION tally_submit\(([\s\S]*?)\)\s*RETURNS/.exec(functionFile("tally_submit"))?.[1];
    expect(list).toBeDefined();
    expect(typesOf(list!).map(([, type]) => type)).toEqual(expected.map(([, type]) => type));
  });

  it("are passed to tally_submit in that order", () => {
    const call = /tally_submit\((e\.[\s\S]*?)\);/.exec(functionFile("tally_submit_many"))?.[1];
    expect(call?.split(",").map((a) => a.trim().replace(/^e\./, ""))).toEqual(Object.keys(ENTRY_COLUMNS));
  });
});
