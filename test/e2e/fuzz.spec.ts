import { expect, test } from "@playwright/test";
import { prng } from "../../web/geography/generator.ts";
import { signIn } from "./helpers.ts";

// 10,000 random malformed requests across the election-night endpoints, signed in as a
// constituency head (so that they reach past the session check): none may get a 5xx.
test("10,000 random malformed election-night requests: never a 5xx", async ({ page }) => {
  test.setTimeout(600_000);
  await signIn(page, "0800000003", "+66800000003", "/report");
  const random = prng(20261123);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const junk = () =>
    pick<unknown>([
      "",
      "-1",
      "1e9",
      "99999999999",
      "3.5",
      "๑๒๓",
      "NaN",
      "null",
      "<script>",
      "' OR 1=1 --",
      "\u0000",
      "x".repeat(300),
      " 12 ",
      "0x10",
      -5,
      1.5,
      10 ** 12,
      null,
      true,
      [],
      {},
      [1, 2],
      { a: 1 },
      String(Math.floor(random() * 900)),
    ]);
  const unit = () =>
    pick([
      "10-01-100101-001",
      "10-01-100101-002",
      "99-99-999999-999",
      "10-01",
      "",
      "../../etc/passwd",
      "10-01-100101-00x",
      "%00",
      "10-01-100101-001/extra",
    ]);
  const ballot = () => pick<unknown>(["constituency", "party_list", "senate", "", 1, null]);
  const uuid = () =>
    pick([
      "",
      "123",
      "00000000-0000-0000-0000-000000000000",
      crypto.randomUUID(),
      "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
      "x".repeat(100),
    ]);
  const figures = () => {
    const f: Record<string, unknown> = {};
    for (const k of [
      "eligible",
      "voters",
      "ballotsReceived",
      "ballotsUsed",
      "valid",
      "ballotsLeftOver",
      "invalid",
      "voteNo",
      "vote_1",
      "vote_2",
      `vote_${Math.floor(random() * 50)}`,
    ]) {
      if (random() < 0.8) f[k] = random() < 0.5 ? String(Math.floor(random() * 1000)) : junk();
    }
    // The form's other fields (issue 16): times, yes/no, free text — valid or not.
    const details: Record<string, () => unknown> = {
      countStartedAt: () => pick(["17:05", "24:61", "5pm", "", junk()]),
      countEndedAt: () => pick(["18:40", "00:00", "18.40", junk()]),
      formPosted: () => pick(["yes", "no", true, false, "maybe", 1, junk()]),
      remarks: () => pick(["นับซ้ำ", "x".repeat(5000), "a\u0000b", { nested: 1 }, junk()]),
      correctionReason: () => pick(["อ่านผิด", "", "\r\n", "x".repeat(1200), junk()]),
    };
    for (const [k, make] of Object.entries(details)) if (random() < 0.5) f[k] = make();
    return random() < 0.1 ? junk() : f;
  };

  const requests: (() => Promise<number>)[] = [];
  for (let i = 0; i < 10_000; i++) {
    const kind = random();
    if (kind < 0.15) {
      // The realtime count's snapshots (ADR 0027): shapes near and far from a real one.
      const n = () => pick([0, 1, 7, -1, 2.5, 1e9, "3", null, junk()]);
      const body =
        random() < 0.1
          ? pick(["{", "[]", "null", '{"votes":', "x".repeat(20_000)])
          : JSON.stringify({
              unitCode: unit(),
              ballot: ballot(),
              deviceId: pick([uuid(), "not-a-uuid", 5]),
              seq: n(),
              taps: n(),
              undos: n(),
              votes: pick([{ "1": n(), "2": n() }, { [String(junk())]: 1 }, [], junk()]),
              invalid: n(),
              voteNo: n(),
              finished: pick([true, false, "yes"]),
              firstTapAt: pick([new Date().toISOString(), "yesterday", junk()]),
              lastTapAt: pick([new Date().toISOString(), null]),
            });
      requests.push(() =>
        page.request
          .post("/api/v1/live/snapshots", { data: body, headers: { "content-type": "application/json" } })
          .then((r) => r.status()),
      );
    } else if (kind < 0.55) {
      const body =
        random() < 0.1
          ? pick(["{", "[]", "null", '{"figures":', "\u00ff\u00fe", "x".repeat(20_000)])
          : JSON.stringify({
              submissionId: uuid(),
              unitCode: unit(),
              ballot: ballot(),
              source: pick(["reporter", "blind", "admin", 5]),
              figures: figures(),
            });
      requests.push(() =>
        page.request
          .post("/api/v1/entries", {
            data: body,
            headers: { "content-type": pick(["application/json", "text/plain", "application/json; charset=utf-8"]) },
          })
          .then((r) => r.status()),
      );
    } else if (kind < 0.8) {
      const made = figures();
      const fields =
        made && typeof made === "object" && !Array.isArray(made)
          ? Object.fromEntries(Object.entries(made).map(([k, v]) => [k, String(v)]))
          : {};
      requests.push(() =>
        page.request
          .post(`/${pick(["report", "verify"])}/${unit()}/${String(ballot())}`, {
            multipart: { submissionId: uuid(), ...fields },
            maxRedirects: 0,
          })
          .then((r) => r.status()),
      );
    } else if (kind < 0.9) {
      requests.push(() =>
        page.request
          .post("/review", {
            form: {
              intent: String(pick(["resolve", "escalate", "release", "x"])),
              unitCode: unit(),
              ballot: String(ballot()),
              entryId: uuid(),
              reason: String(junk()),
            },
            maxRedirects: 0,
          })
          .then((r) => r.status()),
      );
    } else {
      const path = pick([
        "/api/v1/results/national",
        `/api/v1/results/constituencies/${pick(["10-01", "xx", "99-99", "10-01.json"])}`,
        `/api/v1/results/units/${unit()}`,
        `/api/v1/changes?after=${String(junk())}`,
        `/photos/${uuid()}`,
        `/results/u/${unit()}`,
        `/results/c/${pick(["10-01", "1", ""])}`,
      ]);
      requests.push(() =>
        page.request
          .get(path, {
            headers: { authorization: `Bearer ${encodeURIComponent(String(junk())).slice(0, 200)}` },
            maxRedirects: 0,
          })
          .then((r) => r.status()),
      );
    }
  }
  const statuses = new Map<number, number>();
  for (let i = 0; i < requests.length; i += 50) {
    for (const status of await Promise.all(requests.slice(i, i + 50).map((r) => r())))
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  const serverErrors = [...statuses].filter(([s]) => s >= 500);
  expect(serverErrors, JSON.stringify(Object.fromEntries(statuses))).toEqual([]);
  expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(10_000);
});
