import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { addDictionary } from "./i18n/i18n.ts";

// Only the page's language is downloaded (issue 40): the dictionary first, then hydration.
const locale = document.documentElement.lang === "en" ? "en" : "th";
const dictionary =
  locale === "en" ? import("./i18n/en.ts").then((m) => m.en) : import("./i18n/th.ts").then((m) => m.th);

void dictionary.then((d) => {
  addDictionary(locale, d);
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
