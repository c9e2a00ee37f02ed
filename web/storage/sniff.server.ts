// Checks an upload's first bytes as it streams (the declared type is not trusted): the
// stream fails with `error` when `check` does not recognise them.
import { Transform } from "node:stream";
import type { UserError } from "../errors.ts";

export function typeSniffer(check: (head: Buffer) => string | null, error: () => UserError) {
  let head = Buffer.alloc(0);
  let type: string | null = null;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!type) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 12) return done(null, chunk);
        type = check(head);
        if (!type) return done(error());
      }
      done(null, chunk);
    },
    flush(done) {
      done(type ? undefined : error());
    },
  });
  return { stream, type: () => type };
}
