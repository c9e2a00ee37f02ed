import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvText } from "../csv/write.ts";
import { requireOrganisationPermission } from "../http/guards.server.ts";
import { recordBulkPhoneReads, rosterBatches } from "../recruitment/roster.server.ts";
import { parseRosterFilter } from "../recruitment/roster-filters.ts";

const COLUMNS = [
  "full_name",
  "phone",
  "national_id_last4",
  "birth_date",
  "province_code",
  "constituency",
  "subdistrict_code",
  "tiers",
  "status",
  "status_reason",
  "source",
  "joined_at",
];

// The organisation's own roster (current filters) as CSV, streamed in batches. The file
// holds phone numbers, so the export is recorded as a read of each of them.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireOrganisationPermission(request, params.slug, "roster:read");
  const filter = parseRosterFilter(new URL(request.url).searchParams);
  await recordBulkPhoneReads(organisation.id, filter, user.id, "export");
  const encoder = new TextEncoder();
  const batches = rosterBatches(organisation.id, filter);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("\uFEFF" + csvText([COLUMNS])));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) return controller.close();
      const lines = next.value.map((a) => [
        a.fullName,
        a.phone ?? "",
        a.volunteer.nationalIdLast4 ?? "",
        a.birthDate.toISOString().slice(0, 10),
        a.provinceCode ?? "",
        a.constituencyId ?? "",
        a.subdistrictCode ?? "",
        a.tiers.join(";"),
        a.status,
        a.statusReason ?? "",
        a.source,
        a.createdAt.toISOString(),
      ]);
      controller.enqueue(encoder.encode(csvText(lines)));
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="roster-${organisation.slug}-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
}
