import type { LoaderFunctionArgs } from "@remix-run/node";
import { changesAfter } from "../results/feed.server.ts";
import { feedElection, requireOutlet } from "../http/feed.server.ts";
import { isRowNumber } from "../ids.ts";

// Server-sent events: each change as it happens (`id` is its seq, so a reconnect with
// Last-Event-ID resumes without a gap). Changes are polled from PostgreSQL every 250 ms.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  const asked = Number(request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? 0);
  let seq = isRowNumber(asked) ? asked : 0;
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`retry: 2000\n: connected\n\n`));
      let busy = false;
      timer = setInterval(async () => {
        if (busy) return;
        busy = true;
        try {
          for (const c of await changesAfter(election.id, seq)) {
            seq = c.seq;
            const data = JSON.stringify(c);
            controller.enqueue(encoder.encode(`id: ${c.seq}\nevent: ${c.kind}\ndata: ${data}\n\n`));
          }
        } catch {
          clearInterval(timer);
          controller.close();
        } finally {
          busy = false;
        }
      }, 250);
      request.signal.addEventListener("abort", () => {
        clearInterval(timer);
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      });
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
