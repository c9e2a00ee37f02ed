import type { LoaderFunctionArgs } from "@remix-run/node";
import { cacheable, requireOutlet } from "../http/feed.server.ts";
import { nationalJson } from "../results/api.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOutlet(request);
  return cacheable(request, JSON.stringify(await nationalJson()));
}
