import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../http/guards.server.ts";
import { claimImage } from "../rumours/rumour-desk.server.ts";
import { imageResponse } from "../http/claim-image.server.ts";

// The circulating image of a claim, for the desk (published or not).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "rumours:manage");
  return imageResponse(await claimImage(params.id ?? "", true), "private");
}
