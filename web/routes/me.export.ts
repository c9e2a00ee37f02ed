import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../http/guards.server.ts";
import { exportMyData } from "../recruitment/self-service.server.ts";

/** PDPA data export: everything held about the signed-in person, as JSON. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const body = JSON.stringify(await exportMyData(user.id), null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="my-data-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
