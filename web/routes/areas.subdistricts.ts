import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchSubdistricts } from "../geography/areas.server.ts";

/** Subdistrict search for the area picker: /areas/subdistricts?q=บ้าน&province=10 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 60);
  const province = url.searchParams.get("province") ?? undefined;
  const results = await searchSubdistricts(q, province && /^\d{2}$/.test(province) ? province : undefined);
  return Response.json({ results }, { headers: { "Cache-Control": "public, max-age=300" } });
}
