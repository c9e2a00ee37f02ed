import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { tallyPage, tallyPost } from "../http/tally-pages.server.ts";
import { photosOf } from "../tally/photos.server.ts";
import { countFormName, useLocale, useT } from "../ui/i18n.tsx";
import { TallyEntry } from "../ui/tally-form.tsx";

export const meta: MetaFunction = () => [{ title: "บันทึกผลจากภาพ / Blind entry" }];

// Blind: the page shows the unit's photos, never anyone's figures.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view, unitCode, ballot, electionId } = await tallyPage(request, params, "blind");
  const photos = await photosOf(electionId, unitCode, ballot);
  return { ...view, photos };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return tallyPost(request, params, "blind");
}

export default function BlindEntry() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="blind-title">
      <h1 id="blind-title">{t("report.blindTitle")}</h1>
      <p className="mono">
        {d.unit.code} · {locale === "th" ? d.contest.nameTh : d.contest.nameEn}
      </p>
      <p className="hint">{locale === "th" ? d.unit.addressTh : d.unit.addressEn}</p>
      <p>
        {d.ballots.map((b) => (
          <Link key={b.key} to={`/verify/${d.unit.code}/${b.key}${d.electionQuery}`} className="button secondary">
            {locale === "th" ? b.nameTh : b.nameEn}
          </Link>
        ))}
      </p>
      <p className="hint">{t("report.blindHint")}</p>
      {d.photos.length === 0 ? (
        <p>{t("report.noPhotos")}</p>
      ) : (
        // The photos stay in view beside the field being typed (sticky at the top of the
        // screen), and zoom without a script (the checkbox doubles their size; the panel
        // scrolls to pan). The form's own fields scroll clear of it (scroll-padding).
        <div className="entry-photos" data-testid="photos">
          <input type="checkbox" id="photo-zoom" className="visually-hidden photo-zoom" />
          <label htmlFor="photo-zoom" className="button secondary photo-zoom-label">
            {t("report.zoomPhotos")}
          </label>
          <div className="entry-photo-strip" tabIndex={0} aria-label={t("report.photosPanel")}>
            {d.photos.map((p) => (
              <a key={p.id} href={`/photos/${p.id}`} target="_blank" rel="noreferrer">
                <img
                  src={`/photos/${p.id}`}
                  alt={t(p.kind === "board" ? "report.photoBoard" : "report.photoForm", {
                    form: countFormName(t, d.form),
                  })}
                  loading="lazy"
                />
              </a>
            ))}
          </div>
        </div>
      )}
      <TallyEntry mode="blind" view={d} result={result && "error" in result ? result : null} />
    </section>
  );
}
