// The one multipart adapter, at the HTTP edge: a request's parts, in the order the form
// sent them, each read as a stream when its turn comes. Domain functions take the parts
// (storage/form-parts.ts: typed input, no Request) and stream a file straight to storage.
import { unstable_parseMultipartFormData } from "@remix-run/node";
import type { FormPart, FormParts } from "../storage/form-parts.ts";
import { UserError, isUserError } from "../errors.ts";

/** The parts of a multipart request, or null when the request is not multipart. A part
 *  is handed over only after the one before it is done with; stopping the loop early
 *  (a refusal) reads nothing more. */
export function multipartParts(request: Request): FormParts | null {
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) return null;
  return { [Symbol.asyncIterator]: () => partsOf(request) };
}

interface Offer {
  part: FormPart;
  release: () => void;
}

async function* partsOf(request: Request): AsyncGenerator<FormPart> {
  let deliver: (offer: Offer | null) => void = () => {};
  const nextOffer = () => new Promise<Offer | null>((resolve) => (deliver = resolve));
  let waiting = nextOffer();
  let closed = false;
  let failure: unknown = null;
  void unstable_parseMultipartFormData(request, async ({ name, filename, contentType, data }) => {
    if (closed) throw new PartsClosed();
    // Wait until the consumer has finished with this part before the parser moves on.
    await new Promise<void>((release) => deliver({ part: { name, filename, contentType, data }, release }));
    return undefined;
  }).then(
    () => deliver(null),
    (error: unknown) => {
      if (!(error instanceof PartsClosed)) failure = error;
      deliver(null);
    },
  );
  let current: Offer | null = null;
  try {
    for (;;) {
      current = await waiting;
      if (!current) break;
      waiting = nextOffer();
      yield current.part;
      current.release();
      current = null;
    }
    // A body that is not the multipart it claims (no closing boundary, a quote in a
    // file name…) is the sender's mistake: a 400, never a 500.
    if (failure) throw isUserError(failure) ? failure : new UserError(400, "request.badForm");
  } finally {
    closed = true;
    current?.release();
  }
}

class PartsClosed extends Error {}
