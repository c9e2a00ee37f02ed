// A signed-in session on a running platform (npm start, a cluster), made the way the app
// makes one: a Session row holding the token's hash, and the token in the __session
// cookie signed with the install's SESSION_SECRET (DATA_DIR/secrets.json).
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { createCookie } from "@remix-run/node";

export async function sessionCookieFor(db: pg.Client | pg.Pool, dataDir: string, phone: string): Promise<string> {
  const { SESSION_SECRET } = JSON.parse(await readFile(path.join(dataDir, "secrets.json"), "utf8")) as {
    SESSION_SECRET: string;
  };
  const token = randomBytes(32).toString("base64url");
  const inserted = await db.query(
    `INSERT INTO "Session" (id, "tokenHash", "userId", "expiresAt")
     SELECT gen_random_uuid(), $1, id, now() + interval '1 day' FROM "User" WHERE phone = $2`,
    [createHash("sha256").update(token).digest("hex"), phone],
  );
  if (inserted.rowCount !== 1) throw new Error(`no user with the phone ${phone}`);
  const cookie = createCookie("__session", { secrets: [SESSION_SECRET], path: "/" });
  return (await cookie.serialize(token)).split(";")[0]!;
}
