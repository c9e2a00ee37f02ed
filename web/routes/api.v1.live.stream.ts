import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedElection, requireOutlet } from "../http/feed.server.ts";
import { provisionalContest } from "../live/provisional.server.ts";
import { electionContests } from "../tally/contests.server.ts";

// Server-sent events of the realtime count (ADR 0027), apart from the verified stream
// (/api/v1/stream): every two seconds, each contest whose provisional figures changed, as
// one `provisional` event (the same body as /api/v1/live/contests/<key>).
const EVERY_MS = 2_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  const election = await feedElection(request);
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  const last = new Map<string, string>();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`retry: 2000\n: connected\n\n`));
      let busy = false;
      const tick = async () => {
        if (busy) return;
        busy = true;
        try {
          for (const c of await electionContests(election.id)) {
            const p = await provisionalContest(election.id, c.key);
            if (!p) continue;
            const { refreshedAt: _at, ...figures } = p;
            const seen = JSON.stringify(figures);
            if (last.get(c.key) === seen) continue;
            last.set(c.key, seen);
            const data = JSON.stringify({ election: election.slug, ...p });
            controller.enqueue(encoder.encode(`event: provisional\ndata: ${data}\n\n`));
          }
        } catch {
          clearInterval(timer);
          controller.close();
        } finally {
          busy = false;
        }
      };
      void tick();
      timer = setInterval(tick, EVERY_MS);
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
