// Express to Remix, in our own words (after @remix-run/express, which it replaces): the
// screened request becomes a Fetch Request, Remix answers, the answer is sent.
// What differs, and why (issue 17):
//   - a small form body is read here, within its limit, and parsed once before Remix
//     sees it: a body that does not parse as the form it claims to be, or holds a NUL
//     byte, is a 400 here rather than a 500 in whichever action met it first;
//   - an empty body without a type is an empty form (Remix's formData() would throw);
//   - the URL's host is the Host header's (or, behind a proxy TRUST_PROXY names, the
//     forwarded one) — never a client's X-Forwarded-Host port on its own.
import { PassThrough } from "node:stream";
import type { Request as ExpressRequest, Response as ExpressResponse, NextFunction } from "express";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import { takesUploads, sendRefusal, type Refusal } from "./request-screen.server.ts";
import { readBody } from "./raw-body.server.ts";
import { cachedPage, takesFromPageCache } from "./page-cache.server.ts";
import { reuseNonce } from "./security-headers.server.ts";

interface Options {
  build: ServerBuild;
  mode: "production" | "development";
  formMaxBytes: number;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}

export function remixHandler({ build, mode, formMaxBytes, getLoadContext }: Options) {
  const handle = createRequestHandler(build, mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = await remixRequest(req, res, formMaxBytes);
      if (!(request instanceof Request)) return sendRefusal(req, res, request);
      const context = getLoadContext(req, res);
      if (!takesFromPageCache(request)) return await sendResponse(res, await handle(request, context));
      // A public page: rendered once for every reader of the same state and language, by
      // a request no single reader's going away aborts; served with its render's nonce.
      const shared = new Request(request.url, { headers: request.headers });
      const nonce = String(context.cspNonce ?? "");
      const page = await cachedPage(request, nonce, () => handle(shared, context));
      if (page.nonce !== nonce) reuseNonce(res, nonce, page.nonce);
      await sendResponse(res, page.response);
    } catch (error) {
      next(error);
    }
  };
}

async function remixRequest(req: ExpressRequest, res: ExpressResponse, formMaxBytes: number) {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
  if (req.hostname && req.app.get("trust proxy")) url.hostname = req.hostname;
  // The pre-single-fetch data protocol (?_data=) is not ours: without it the request is
  // the page's own, screened the same, rather than a deprecation stack in the log.
  url.searchParams.delete("_data");
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const controller = new AbortController();
  let done = false;
  res.on("finish", () => (done = true));
  res.on("close", () => done || controller.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method === "GET" || req.method === "HEAD") return new Request(url, init);

  const type = headers.get("content-type") ?? "";
  if (Number(req.headers["content-length"] ?? 0) === 0 && !req.headers["transfer-encoding"]) {
    // No body: an empty form, whatever the type said.
    headers.set("content-type", "application/x-www-form-urlencoded");
    return new Request(url, { ...init, body: "" });
  }
  if (/^multipart\//i.test(type) && takesUploads(req.originalUrl)) {
    // A file on its way to storage: streamed, never held here (its length was screened).
    // Through a stream of its own, so that an action that stops reading (a refusal) ends
    // only that stream: the rest of the body is drained and dropped, never left to reset
    // the connection under a sender still writing, who would not see the answer.
    const body = new PassThrough();
    req.pipe(body);
    body.on("close", () => {
      req.unpipe(body);
      req.resume();
    });
    res.on("finish", () => body.destroy());
    return new Request(url, { ...init, body: createReadableStreamFromReadable(body), duplex: "half" });
  }
  const body = await readBody(req, formMaxBytes);
  if (body === "tooSlow") return refusal(408, "request.timeout");
  if (body === "tooLarge") return refusal(413, "request.tooLarge", { max: Math.round(formMaxBytes / 1024 / 1024) });
  const problem = await formProblem(url, type, body);
  if (problem) return problem;
  return new Request(url, { ...init, body: new Uint8Array(body) });
}

const refusal = (status: Refusal["status"], code: string, params?: Record<string, unknown>): Refusal => ({
  status,
  code,
  params,
});

/** The body does not parse as the form its type says, or a field holds a NUL. */
async function formProblem(url: URL, type: string, body: Buffer): Promise<Refusal | null> {
  let form: FormData;
  try {
    form = await new Request(url, {
      method: "POST",
      headers: { "content-type": type },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    return refusal(400, "request.badForm");
  }
  for (const [name, value] of form) {
    if (name.includes("\0") || (typeof value === "string" && value.includes("\0"))) return refusal(400, "request.nul");
  }
  return null;
}

async function sendResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get("content-type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
