// The observation checklist (issue 42): questions set up per election from CSV (phase,
// key, kind, the question in Thai and English, position), answered at the unit by its
// placed volunteer, counted for the public (yes/no questions: how many said yes).
import type { Readable } from "node:stream";
import type pg from "pg";
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { readCheckedCsv, type CsvLineError } from "../csv/records.ts";
import { mayReport, type User } from "../tally/access.server.ts";
import {
  answerOf,
  CHECKLIST_COLUMNS,
  CHECKLIST_KINDS,
  CHECKLIST_PHASES,
  checklistPhotoKey,
  type ChecklistKind,
  type ChecklistPhase,
} from "./checklist-rules.ts";

/** Reads the checklist CSV; all or nothing. Questions are kept by key: importing the file
 *  again changes nothing, a changed question is updated (its answers stay). */
export async function importChecklistCsv(
  _client: pg.PoolClient | pg.Client,
  electionId: string,
  input: Readable,
): Promise<{ ok: true; rows: number; changed: number } | { ok: false; errors: CsvLineError[] }> {
  const keys = new Map<string, number>();
  const { rows, errors } = await readCheckedCsv(input, CHECKLIST_COLUMNS, (raw, line, fail) => {
    const phase = raw.phase as ChecklistPhase;
    if (!CHECKLIST_PHASES.includes(phase)) fail("checklistPhase", { value: raw.phase!.slice(0, 20) });
    const kind = raw.kind as ChecklistKind;
    if (!CHECKLIST_KINDS.includes(kind)) fail("checklistKind", { value: raw.kind!.slice(0, 20) });
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(raw.key!)) fail("checklistKey", { value: raw.key!.slice(0, 40) });
    else if (keys.has(raw.key!)) fail("duplicate", { first: keys.get(raw.key!)! });
    else keys.set(raw.key!, line);
    if (!raw.question_th || raw.question_th.length > 300) fail("nameTh");
    if (!raw.question_en || raw.question_en.length > 300) fail("nameEn");
    if (!/^\d{1,3}$/.test(raw.position!)) fail("position");
    return {
      key: raw.key!,
      phase,
      kind,
      textTh: raw.question_th!,
      textEn: raw.question_en!,
      position: Number(raw.position),
    };
  });
  if (errors.length) return { ok: false, errors };
  const before = new Map(
    (await db().checklistQuestion.findMany({ where: { electionId } })).map((q) => [
      q.key,
      JSON.stringify([q.phase, q.kind, q.textTh, q.textEn, q.position]),
    ]),
  );
  const changed = rows.filter(
    (r) => before.get(r.key) !== JSON.stringify([r.phase, r.kind, r.textTh, r.textEn, r.position]),
  );
  await db().$transaction(
    changed.map((r) =>
      db().checklistQuestion.upsert({
        where: { electionId_key: { electionId, key: r.key } },
        create: { electionId, ...r },
        update: r,
      }),
    ),
  );
  return { ok: true, rows: rows.length, changed: changed.length };
}

/** Every phase that has questions (or `only` that one), with the unit's answers as given
 *  (and when) and the photos sent with it, their hashes and whether they are anchored yet:
 *  for the unit's volunteer one phase at a time, for its head and the war room all. */
export async function unitObservations(electionId: string, unitCode: string, only?: ChecklistPhase) {
  const [questions, photos] = await Promise.all([
    db().checklistQuestion.findMany({
      where: { electionId, ...(only ? { phase: only } : {}) },
      orderBy: [{ position: "asc" }, { key: "asc" }],
      include: { answers: { where: { unitCode }, select: { value: true, answeredAt: true } } },
    }),
    db().tallyPhoto.findMany({
      where: { electionId, unitCode, kind: "checklist", ...(only ? { ballot: checklistPhotoKey(only) } : {}) },
      orderBy: { createdAt: "asc" },
      select: { id: true, ballot: true, sha256: true, anchorBatchId: true },
    }),
  ]);
  return CHECKLIST_PHASES.filter((phase) => questions.some((q) => q.phase === phase)).map((phase) => ({
    phase,
    questions: questions
      .filter((q) => q.phase === phase)
      .map(({ answers, id, textTh, textEn, kind, key }) => ({
        id,
        key,
        kind,
        textTh,
        textEn,
        answer: answers[0]?.value ?? null,
        answeredAt: answers[0]?.answeredAt.toISOString() ?? null,
      })),
    photos: photos
      .filter((p) => p.ballot === checklistPhotoKey(phase))
      .map((p) => ({ id: p.id, sha256: p.sha256, anchored: !!p.anchorBatchId })),
  }));
}

/** Records the unit's answers to a phase's questions (by key); refuses, writing nothing,
 *  an answer that cannot be of its kind. An empty answer leaves the question unanswered. */
export async function answerChecklist(
  user: User,
  target: { electionId: string; unitCode: string; phase: ChecklistPhase },
  given: Record<string, string>,
) {
  if (!(await mayReport(user, target.electionId, target.unitCode))) throw new UserError(403, "incident.notPlaced");
  const questions = await db().checklistQuestion.findMany({
    where: { electionId: target.electionId, phase: target.phase },
  });
  const answers: { questionId: string; value: string }[] = [];
  for (const q of questions) {
    const value = answerOf(q.kind, given[q.key] ?? "");
    if (value === null) throw new UserError(400, "checklist.badAnswer", { question: q.key });
    if (value !== "") answers.push({ questionId: q.id, value });
  }
  await db().$transaction(
    answers.map((a) =>
      db().checklistAnswer.upsert({
        where: { questionId_unitCode: { questionId: a.questionId, unitCode: target.unitCode } },
        create: { ...a, unitCode: target.unitCode, answeredById: user.id },
        update: { value: a.value, answeredById: user.id, answeredAt: new Date() },
      }),
    ),
  );
  return answers.length;
}

/** For the public: each yes/no question, how many units answered and how many said yes;
 *  no unit, no person. */
export async function checklistStatistics(electionId: string) {
  const questions = await db().checklistQuestion.findMany({
    where: { electionId, kind: "yes_no" },
    orderBy: [{ phase: "asc" }, { position: "asc" }],
    select: { id: true, key: true, phase: true, textTh: true, textEn: true },
  });
  const counts = await db().checklistAnswer.groupBy({
    by: ["questionId", "value"],
    where: { questionId: { in: questions.map((q) => q.id) } },
    _count: { _all: true },
  });
  return questions.map(({ id, ...q }) => {
    const of = (value: string) => counts.find((c) => c.questionId === id && c.value === value)?._count._all ?? 0;
    return { ...q, yes: of("yes"), no: of("no") };
  });
}
