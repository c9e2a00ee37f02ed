// The volunteer's outbox (issue 42): a form of a page without React (an incident with its
// photos, a checklist) sent with no signal is kept on the phone — IndexedDB, the photos
// as they are — and sent by itself when the signal returns (the page's `online` event, or
// the next page of the app that opens with a signal). The forms carry their own once-only
// ids where a resend could duplicate (an incident's submission id; a checklist's answers
// replace the last), so sending twice is harmless. Without this script the form posts as
// usual.
const DB = "volunteer-outbox";
const STORE = "forms";

interface Kept {
  action: string;
  fields: [string, string | { name: string; type: string; blob: Blob }][];
  savedAt: string;
}

function open(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    if (typeof indexedDB === "undefined") return resolve(null);
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { autoIncrement: true });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
  });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Now in Bangkok as a form's time field takes it ("07/12/2026 14:50"). */
function bangkokNow() {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Bangkok",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("day")}/${part("month")}/${part("year")} ${part("hour")}:${part("minute")}`;
}

async function keep(form: HTMLFormElement) {
  const db = await open();
  if (!db) return false;
  const fields: Kept["fields"] = [];
  for (const [name, value] of new FormData(form)) {
    // A time left empty means "now": now is when it was kept, not when the signal returns.
    if (value === "" && form.querySelector(`[name="${name}"][data-outbox-now]`)) fields.push([name, bangkokNow()]);
    else if (typeof value === "string") fields.push([name, value]);
    else if (value.size > 0) fields.push([name, { name: value.name, type: value.type, blob: value }]);
  }
  const kept: Kept = { action: form.action, fields, savedAt: new Date().toISOString() };
  await request(db.transaction(STORE, "readwrite").objectStore(STORE).add(kept));
  return true;
}

let sending = false;
/** Sends what the phone keeps, oldest first; what the server answered (even a refusal) is
 *  done with, what the network failed stays for the next time. */
async function sendKept() {
  if (sending || !navigator.onLine) return;
  sending = true;
  try {
    const db = await open();
    if (!db) return;
    const keys = await request(db.transaction(STORE).objectStore(STORE).getAllKeys());
    let sent = 0;
    for (const key of keys) {
      const kept = await request<Kept | undefined>(db.transaction(STORE).objectStore(STORE).get(key));
      if (!kept) continue;
      const body = new FormData();
      for (const [name, value] of kept.fields)
        if (typeof value === "string") body.append(name, value);
        else body.append(name, new File([value.blob], value.name, { type: value.type }));
      const answer = await fetch(kept.action, { method: "POST", body, credentials: "same-origin" }).catch(() => null);
      if (!answer) break; // no signal after all: next time
      await request(db.transaction(STORE, "readwrite").objectStore(STORE).delete(key));
      sent++;
    }
    if (sent) say("outboxSent", sent);
    showWaiting(keys.length - sent);
  } finally {
    sending = false;
  }
}

/** The page's own words (data-outbox-* on the status element) with the count put in. */
function say(which: "outboxKept" | "outboxSent", n: number) {
  const status = document.querySelector<HTMLElement>("[data-testid=outbox-status]");
  if (!status) return;
  status.hidden = false;
  status.textContent = (status.dataset[which] ?? "").replace("{{count}}", String(n));
}

async function showWaiting(n?: number) {
  if (n === undefined) {
    const db = await open();
    n = db ? await request(db.transaction(STORE).objectStore(STORE).count()) : 0;
  }
  if (n > 0) say("outboxKept", n);
}

document.addEventListener("submit", (event) => {
  const form = event.target as HTMLFormElement;
  if (!form.matches("form[data-outbox]") || navigator.onLine) return;
  event.preventDefault();
  void keep(form).then((kept) => {
    if (!kept) return form.submit();
    form.reset();
    // The next report from this page (kept, with no signal) is another one.
    const id = form.querySelector<HTMLInputElement>("input[name=submissionId]");
    if (id && "randomUUID" in crypto) id.value = crypto.randomUUID();
    void showWaiting();
  });
});
window.addEventListener("online", () => void sendKept());
void sendKept().then(() => showWaiting());
