import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "../accounts/session.server.ts";
import { formatThaiMobile } from "../accounts/phone.ts";
import { useT } from "../ui/i18n.tsx";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { phone: formatThaiMobile(user.phone), roles: user.roles.map((r) => r.role) };
}

export default function Me() {
  const { phone, roles } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="card" aria-labelledby="me-title">
      <h1 id="me-title">{t("me.title")}</h1>
      <p className="badge succeeded">{t("me.signedIn")}</p>
      <dl>
        <dt>{t("me.phone")}</dt>
        <dd data-testid="my-phone">{phone}</dd>
        <dt>{t("me.roles")}</dt>
        <dd>{roles.length ? roles.map((r) => t(`roles.${r}`)).join(", ") : t("me.noRoles")}</dd>
      </dl>
    </section>
  );
}
