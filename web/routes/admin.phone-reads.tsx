import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../http/guards.server.ts";
import { maskPhone } from "../accounts/phone.ts";
import { recentPhoneExports, recentPhoneReads } from "../recruitment/roster.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";

export const meta: MetaFunction = () => [{ title: "บันทึกการดูเบอร์ / Phone reads" }];

// Who saw which volunteer's phone number, when and why (PDPA accountability).
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "audit:read");
  const [reads, exports] = await Promise.all([recentPhoneReads(500), recentPhoneExports(100)]);
  return {
    exports: exports.map((e) => ({
      at: e.readAt.toISOString(),
      staff: e.staffName ?? (e.staffPhone ? maskPhone(e.staffPhone) : "—"),
      organisation: e.nameTh ? { nameTh: e.nameTh, nameEn: e.nameEn ?? e.nameTh } : null,
      numbers: e.numbers,
    })),
    reads: reads.map((r) => ({
      id: r.id,
      at: r.readAt.toISOString(),
      // An erased staff member's reads stay, without who they were.
      staff: r.staff ? (r.staff.displayName ?? maskPhone(r.staff.phone)) : "—",
      organisation: r.organisation,
      volunteer: r.volunteer.nationalIdLast4 ?? "—",
      purpose: r.purpose,
    })),
  };
}

export default function PhoneReads() {
  const { reads, exports } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="reads-title">
      <h1 id="reads-title">{t("phoneReads.title")}</h1>
      <p className="hint">{t("phoneReads.help")}</p>
      {reads.length === 0 ? (
        <p>{t("phoneReads.empty")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table data-testid="phone-reads">
            <thead>
              <tr>
                <th scope="col">{t("phoneReads.when")}</th>
                <th scope="col">{t("phoneReads.staff")}</th>
                <th scope="col">{t("phoneReads.organisation")}</th>
                <th scope="col">{t("phoneReads.volunteer")}</th>
                <th scope="col">{t("phoneReads.purpose")}</th>
              </tr>
            </thead>
            <tbody>
              {reads.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.at, locale)}</td>
                  <td className="mono">{r.staff}</td>
                  <td>{r.organisation ? (locale === "th" ? r.organisation.nameTh : r.organisation.nameEn) : "—"}</td>
                  <td className="mono">{r.volunteer}</td>
                  <td>{t(`phoneReads.purposes.${r.purpose}`, { defaultValue: r.purpose })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t("phoneReads.exports")}</h2>
      {exports.length === 0 ? (
        <p>{t("phoneReads.empty")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table data-testid="phone-exports">
            <thead>
              <tr>
                <th scope="col">{t("phoneReads.when")}</th>
                <th scope="col">{t("phoneReads.staff")}</th>
                <th scope="col">{t("phoneReads.organisation")}</th>
                <th scope="col">{t("phoneReads.numbers")}</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((e) => (
                <tr key={`${e.at}-${e.staff}`}>
                  <td>{formatDateTime(e.at, locale)}</td>
                  <td className="mono">{e.staff}</td>
                  <td>{e.organisation ? (locale === "th" ? e.organisation.nameTh : e.organisation.nameEn) : "—"}</td>
                  <td>{e.numbers.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
