// Count photos chosen on the phone, kept in IndexedDB with the draft: a closed browser or a
// reload does not lose them (localStorage holds only text). Browser-only; every call
// resolves quietly when IndexedDB is unavailable (private mode), the form still works.
const DB = "tally-drafts";
const STORE = "photos";

function open(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    if (typeof indexedDB === "undefined") return resolve(null);
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
  });
}

async function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  const db = await open();
  if (!db) return null;
  return new Promise((resolve) => {
    const req = action(db.transaction(STORE, mode).objectStore(STORE));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
  });
}

export const savePhoto = (key: string, file: File) =>
  run("readwrite", (s) => s.put({ name: file.name, type: file.type, blob: file }, key));
export const forgetPhoto = (key: string) => run("readwrite", (s) => s.delete(key));

/** Puts a kept photo back into its file input (Chromium, Firefox and Safari allow it). */
export async function restorePhoto(key: string, input: HTMLInputElement | null) {
  const saved =
    (await run<{ name: string; type: string; blob: Blob } | undefined>("readonly", (s) => s.get(key))) ?? null;
  if (!saved || !input || input.files?.length) return false;
  const transfer = new DataTransfer();
  transfer.items.add(new File([saved.blob], saved.name, { type: saved.type }));
  input.files = transfer.files;
  return true;
}
