// A multipart form as the domain sees it: its parts in order, each a stream (the HTTP
// adapter, web/http/multipart.server.ts, makes them from a request).

/** One part of a multipart form: a text field (no filename) or a file. */
export interface FormPart {
  name: string;
  /** The file's name as the browser sent it; undefined for a text field. */
  filename?: string;
  /** The declared type (never trusted for files: the domain sniffs the bytes). */
  contentType: string;
  data: AsyncIterable<Uint8Array>;
}

export type FormParts = AsyncIterable<FormPart>;

/** A text part's value, refused with `tooLong` past `maxBytes`. */
export async function textOf(part: FormPart, maxBytes: number, tooLong: () => Error): Promise<string> {
  let text = "";
  for await (const chunk of part.data) {
    text += Buffer.from(chunk).toString("utf8");
    if (text.length > maxBytes) throw tooLong();
  }
  return text;
}

/** Whether a file part is a CSV by its name or declared type (the importer still reads
 *  it as CSV and refuses what does not parse). */
export const isCsvPart = (part: FormPart) =>
  /\.csv$/i.test(part.filename ?? "") || /csv|text\/plain|excel/.test(part.contentType);
