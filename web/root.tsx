import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { getSessionUser } from "./http/guards.server.ts";
import { can, hasRole, headedConstituencies, type Permission } from "./accounts/permissions.ts";
import { tFor } from "./i18n/i18n.ts";
import { localeOf } from "./http/locale.server.ts";
import { outboxIsDevelopment } from "./messaging/sms.server.ts";
import { administeredOrganisations } from "./organisations/organisations.server.ts";
import { db } from "./db/db.server.ts";
import { givenOrReceived } from "./accounts/menu.sql.server.ts";
import { PAGE_SCRIPTS, type PageScript } from "./ui/page-scripts.ts";
import { useT } from "./ui/i18n.tsx";
import { useNonce } from "./ui/nonce.tsx";
import { useEffect } from "react";
import styles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.ico", sizes: "16x16 32x32 48x48" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: tFor("th")("app.name") },
  { name: "theme-color", content: "#1d3557" },
];

/** The staff pages this user may open, in menu order. */
async function menuFor(user: Awaited<ReturnType<typeof getSessionUser>>, locale: "th" | "en", devOutbox: boolean) {
  const links: { to: string; key: string; suffix?: string }[] = [];
  if (user) {
    const rosters = hasRole(user, "org_admin") ? await administeredOrganisations(user.id) : [];
    for (const o of rosters)
      links.push({
        to: `/org/${o.slug}/roster`,
        key: "nav.roster",
        suffix: rosters.length > 1 ? (locale === "en" ? o.nameEn : o.nameTh) : undefined,
      });
    const heads = headedConstituencies(user);
    for (const id of heads)
      links.push({ to: `/constituency/${id}`, key: "nav.constituency", suffix: heads.length > 1 ? id : undefined });
    const reports = await db().unitAssignment.count({ where: { volunteer: { userId: user.id } } });
    if (reports || can(user, "warroom:verify") || heads.length) links.push({ to: "/report", key: "nav.report" });
    if (can(user, "warroom:verify") || heads.length) {
      links.push({ to: "/command", key: "nav.command" });
      links.push({ to: "/review", key: "nav.review" });
      links.push({ to: "/incidents", key: "nav.incidents" });
    }
    if (can(user, "warroom:verify")) links.push({ to: "/admin/official", key: "nav.official" });
    const byPermission: [Permission, string, string][] = [
      ["coverage:read", "/coverage", "nav.coverage"],
      ["assignment:run", "/admin/assignment", "nav.assignment"],
      ["warroom:manage", "/warroom", "nav.warroom"],
      ["warroom:manage", "/command/quickcount", "nav.quickcount"],
      ["organisations:manage", "/admin/organisations", "nav.organisations"],
      ["audit:read", "/admin/phone-reads", "nav.phoneReads"],
      ["organisations:manage", "/admin/media", "nav.media"],
      ["organisations:manage", "/admin/election", "nav.election"],
      ["geography:import", "/admin/geography", "nav.geography"],
      ["finance:manage", "/finance", "nav.finance"],
      ["sponsors:manage", "/admin/sponsors", "nav.sponsors"],
      ["rumours:manage", "/desk", "nav.desk"],
    ];
    for (const [permission, to, key] of byPermission) if (can(user, permission)) links.push({ to, key });
    const sponsorIds = user.roles.flatMap((r) => (r.role === "sponsor" && r.sponsorId ? [r.sponsorId] : []));
    const sponsors = sponsorIds.length
      ? await db().sponsor.findMany({
          where: { id: { in: sponsorIds } },
          select: { slug: true, nameTh: true, nameEn: true },
        })
      : [];
    for (const s of sponsors)
      links.push({ to: `/sponsor/${s.slug}`, key: "nav.sponsor", suffix: locale === "en" ? s.nameEn : s.nameTh });
    const mine = await givenOrReceived(user.phone);
    if (mine.donated) links.push({ to: "/me/donations", key: "nav.myDonations" });
    if (mine.coupons) links.push({ to: "/me/coupons", key: "nav.coupons" });
  }
  links.push({ to: "/donate", key: "nav.donate" });
  links.push({ to: "/transparency", key: "nav.transparency" });
  links.push({ to: "/results", key: "nav.results" });
  links.push({ to: "/observations", key: "nav.observations" });
  links.push({ to: "/claims", key: "nav.verdicts" });
  links.push({ to: "/audit", key: "nav.audit" });
  if (devOutbox) links.push({ to: "/dev/outbox", key: "nav.outbox" });
  return links;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const locale = localeOf(request);
  const devOutbox = outboxIsDevelopment();
  return {
    locale,
    devOutbox,
    links: await menuFor(user, locale, devOutbox),
    user: user && {
      phone: user.phone,
      displayName: user.displayName,
      roles: user.roles.map((r) => r.role),
    },
  };
}

/** A link followed inside the page (React) leaves the phone's menu open: close it. */
const closeMenu = () =>
  (document.getElementById("site-menu") as (HTMLElement & { hidePopover?: () => void }) | null)?.hidePopover?.();

function Navigation() {
  const data = useRouteLoaderData<typeof loader>("root");
  const t = useT();
  const location = useLocation();
  const user = data?.user;
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        <span aria-hidden="true" className="brand-mark">
          ✓
        </span>{" "}
        {t("app.name")}
      </Link>
      <nav aria-label={t("nav.menu")} className="site-nav">
        {/* On a phone the menu opens from a button (the Popover API: no script needed);
            on a wider screen the list is always shown. */}
        <button type="button" className="menu-button" {...{ popovertarget: "site-menu" }} aria-controls="site-menu">
          <span aria-hidden="true">☰</span> {t("nav.menu")}
        </button>
        <ul className="nav-list" id="site-menu" {...{ popover: "auto" }}>
          {data?.links.map((link) => (
            <li key={link.to}>
              <NavLink to={link.to} onClick={closeMenu}>
                {t(link.key)}
                {link.suffix ? ` ${link.suffix}` : ""}
              </NavLink>
            </li>
          ))}
          {user ? (
            <>
              <li>
                <NavLink to="/me" onClick={closeMenu}>
                  {t("nav.me")}
                </NavLink>
              </li>
              <li>
                <Form method="post" action="/logout" reloadDocument>
                  <button type="submit" className="link-button">
                    {t("nav.logout")}
                  </button>
                </Form>
              </li>
            </>
          ) : (
            <li>
              <NavLink to="/login" onClick={closeMenu}>
                {t("nav.login")}
              </NavLink>
            </li>
          )}
        </ul>
      </nav>
      <Form method="post" action="/lang" reloadDocument className="lang-switch">
        <input type="hidden" name="lang" value={data?.locale === "en" ? "th" : "en"} />
        <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
        <button type="submit" className="link-button" lang={data?.locale === "en" ? "th" : "en"}>
          {t("nav.language")}
        </button>
      </Form>
    </header>
  );
}

/** A page reached inside the app is kept for a day without signal too (public/offline.js). */
function useKeepPageOffline() {
  const location = useLocation();
  useEffect(() => {
    (window as { __keepVolunteerPage?: () => void }).__keepVolunteerPage?.();
  }, [location.pathname, location.search]);
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const t = useT();
  const nonce = useNonce();
  // An outlet's embed (routes/embed.*) is a widget in someone else's page: no site chrome.
  const embedded = useLocation().pathname.startsWith("/embed/");
  // The public results and embeds are HTML only, following the count with one small
  // script (public/follow.js, ADR 0041): no framework to download on a slow phone. Other
  // pages without React (the home page, the volunteer's list of units: issue 40) say
  // `follow: false`. Every page but an embed registers the service worker (public/offline.js).
  // A page may bring one script of its own, bundled apart from the app (ui/page-scripts.ts).
  const handles = useMatches().map(
    (m) => (m.handle ?? {}) as { hydrate?: boolean; follow?: boolean; script?: PageScript },
  );
  const htmlOnly = handles.some((h) => h.hydrate === false);
  const follows = htmlOnly && !handles.some((h) => h.follow === false);
  const pageScripts = handles.flatMap((h) => (h.script ? [h.script] : []));
  const scripts = (
    <>
      {follows && <script src="/follow.js" defer nonce={nonce} />}
      {pageScripts.map((name) =>
        import.meta.env.DEV ? (
          <script key={name} type="module" src={`/${PAGE_SCRIPTS[name]}`} nonce={nonce} />
        ) : (
          <script key={name} src={`/${name}.js`} defer nonce={nonce} />
        ),
      )}
      {!embedded && <script src="/offline.js" defer nonce={nonce} />}
      {!htmlOnly && !embedded && <ScrollRestoration nonce={nonce} />}
      {!htmlOnly && <Scripts nonce={nonce} />}
    </>
  );
  return (
    <html lang={data?.locale ?? "th"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1d3557" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <link rel="apple-touch-icon" href="/icons/icon-192.png" />
        <Meta />
        <Links />
      </head>
      {embedded ? (
        <body className="embedded">
          <main>{children}</main>
          {scripts}
        </body>
      ) : (
        <body data-signed-in={data?.user ? "true" : "false"}>
          <a href="#main" className="skip-link">
            {t("app.skip")}
          </a>
          <Navigation />
          <main id="main" className="container">
            {children}
          </main>
          {scripts}
        </body>
      )}
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  useKeepPageOffline();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = status === 404 ? t("errors.notFound") : status === 403 ? t("errors.forbidden") : t("errors.generic");
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="card" aria-labelledby="error-title">
      <h1 id="error-title">
        {t("errors.title")} ({status})
      </h1>
      <p>{message}</p>
      <Link to="/" className="button">
        {t("errors.back")}
      </Link>
    </section>
  );
}
