import type { LoaderFunctionArgs } from "@remix-run/node";
import { claimImage } from "../rumours/rumour-desk.server.ts";
import { imageResponse } from "../http/claim-image.server.ts";

// A published claim's circulating image, beside the verdict (it circulates already).
export async function loader({ params }: LoaderFunctionArgs) {
  return imageResponse(await claimImage(params.id ?? "", false), "public");
}
