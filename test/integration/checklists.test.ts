// The observation checklist (issue 42): set up from CSV (all or nothing, the same file
// again changes nothing), answered by the unit's volunteer as given (what cannot be an
// answer of its kind refused, nothing written), the latest answer kept, counted for the
// public without a unit or a name.
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { db, withPooledClient } from "../../web/db/db.server.ts";
import { currentElection } from "../../web/elections/elections.server.ts";
import { receiveChecklist } from "../../web/http/checklist-post.server.ts";
import { formImage } from "../support/form-image.ts";
import {
  answerChecklist,
  unitObservations,
  checklistStatistics,
  importChecklistCsv,
} from "../../web/checklists/checklists.server.ts";
import { userError } from "../support/user-error.ts";
import { placeReporter, seedTestElection } from "../support/election.ts";

const CSV = `phase,key,kind,question_th,question_en,position
close,result_posted,yes_no,ติดประกาศผลนับคะแนนหน้าหน่วยแล้วหรือไม่,Was the count posted outside the unit?,1
close,photo_allowed,yes_no,ได้รับอนุญาตให้ถ่ายภาพการนับหรือไม่,Were you allowed to photograph the count?,2
close,observers,number,ผู้สังเกตการณ์กี่คน,How many observers?,3
opening,box_empty,yes_no,หีบบัตรว่างก่อนเปิดหรือไม่,Was the ballot box empty at the opening?,1
`;
/** The closing phase as the unit's volunteer reads it: its questions and its photos. */
const closing = async () => (await unitObservations(electionId, unit, "close"))[0]!;

let electionId: string;
let unit: string;
let reporter: { id: string; roles: { role: "volunteer"; organisationId: null; constituencyId: null }[] };
const load = (text: string) =>
  withPooledClient((client) => importChecklistCsv(client, electionId, Readable.from([text])));

beforeAll(async () => {
  await seedTestElection("checklists");
  electionId = (await currentElection()).id;
  unit = (await db().pollingUnit.findFirstOrThrow({ orderBy: { code: "asc" } })).code;
  reporter = {
    id: (await db().user.create({ data: { phone: "+66894000001" } })).id,
    roles: [{ role: "volunteer", organisationId: null, constituencyId: null }],
  };
  await placeReporter(reporter.id, unit);
}, 60_000);

describe("the observation checklist", () => {
  it("is set up from CSV, all or nothing, and the same file again changes nothing", async () => {
    const bad = await load(CSV + "noon,x,yes_no,ก,A,1\n");
    expect(bad).toMatchObject({ ok: false, errors: [{ line: 6, code: "checklistPhase" }] });
    expect(await db().checklistQuestion.count({ where: { electionId } })).toBe(0);
    expect(await load(CSV)).toEqual({ ok: true, rows: 4, changed: 4 });
    expect(await load(CSV)).toEqual({ ok: true, rows: 4, changed: 0 });
    expect((await closing()).questions.map((q) => q.key)).toEqual(["result_posted", "photo_allowed", "observers"]);
  });

  it("is answered by the unit's volunteer as given; what cannot be an answer is refused, nothing written", async () => {
    const target = { electionId, unitCode: unit, phase: "close" as const };
    expect(
      await userError(answerChecklist(reporter, target, { result_posted: "yes", observers: "three" })),
    ).toMatchObject({ status: 400, code: "checklist.badAnswer", params: { question: "observers" } });
    expect(await db().checklistAnswer.count()).toBe(0);
    expect(await answerChecklist(reporter, target, { result_posted: "yes", photo_allowed: "no", observers: "3" })).toBe(
      3,
    );
    // Sent again, changed: the latest answer is kept, one per question.
    expect(await answerChecklist(reporter, target, { result_posted: "no" })).toBe(1);
    const close = (await closing()).questions;
    expect(close.map((q) => [q.key, q.answer])).toEqual([
      ["result_posted", "no"],
      ["photo_allowed", "no"],
      ["observers", "3"],
    ]);
    const stranger = { id: (await db().user.create({ data: { phone: "+66894000002" } })).id, roles: reporter.roles };
    expect(await userError(answerChecklist(stranger, target, { result_posted: "yes" }))).toMatchObject({ status: 403 });
  });

  it("takes photos with a phase's answers, stored and queued for anchoring; refused answers store none", async () => {
    const post = (answers: Record<string, string>, photo: Buffer) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(answers)) body.append(k, v);
      body.append("photo", new File([new Uint8Array(photo)], "board.png", { type: "image/png" }));
      return receiveChecklist(new Request("http://app.test/x", { method: "POST", body }), reporter, {
        electionId,
        unitCode: unit,
        phase: "close",
      });
    };
    expect(await post({ observers: "many" }, formImage(91))).toMatchObject({
      refused: { code: "checklist.badAnswer" },
    });
    expect((await closing()).photos).toEqual([]);
    expect(await post({ observers: "4" }, formImage(92))).toEqual({ saved: 1, photos: 1 });
    const [photo] = (await closing()).photos;
    expect(photo).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), anchored: false });
    expect((await db().tallyPhoto.findUniqueOrThrow({ where: { id: photo!.id } })).kind).toBe("checklist");

    // The unit's head reads every phase with questions: the answers as given, the photos.
    const observed = await unitObservations(electionId, unit);
    const close = observed.find((o) => o.phase === "close")!;
    expect(close.questions.find((q) => q.key === "observers")).toMatchObject({
      answer: "4",
      answeredAt: expect.any(String),
    });
    expect(close.questions.find((q) => q.key === "result_posted")!.answer).toBe("no");
    expect(close.photos.map((p) => p.id)).toEqual([photo!.id]);
    expect(observed.every((o) => o.questions.length > 0)).toBe(true);
    expect(observed.filter((o) => o.phase !== "close").every((o) => o.photos.length === 0)).toBe(true);
  });

  it("is counted for the public: yes and no per question, no unit, no name", async () => {
    const stats = await checklistStatistics(electionId);
    expect(stats.find((q) => q.key === "photo_allowed")).toMatchObject({ yes: 0, no: 1, phase: "close" });
    expect(stats.find((q) => q.key === "box_empty")).toMatchObject({ yes: 0, no: 0 });
    expect(JSON.stringify(stats)).not.toContain(unit);
  });
});
