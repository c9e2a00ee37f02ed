// Keyboard-first work on a desktop (issue 37): j / k move between the queue's items,
// Enter opens the focused one (its reason field, or its page), c claims it. Keys typed
// into a field are the field's.
import { useEffect } from "react";

export function useQueueKeys() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const rows = [...document.querySelectorAll<HTMLElement>(".queue-row")];
      if (!rows.length) return;
      const current = rows.findIndex((r) => r.getAttribute("aria-current") === "true");
      const select = (i: number) => {
        rows.forEach((r) => r.removeAttribute("aria-current"));
        const row = rows[Math.max(0, Math.min(rows.length - 1, i))]!;
        row.setAttribute("aria-current", "true");
        row.focus();
        row.scrollIntoView({ block: "nearest" });
      };
      const row = rows[current] ?? null;
      if (event.key === "j") select(current + 1);
      else if (event.key === "k") select(current < 0 ? 0 : current - 1);
      else if (event.key === "c" && row) row.querySelector<HTMLButtonElement>("button[data-claim]")?.click();
      else if (event.key === "Enter" && row && target === row) {
        const field = row.querySelector<HTMLElement>("input[name=reason], a[data-open]");
        if (field instanceof HTMLAnchorElement) field.click();
        else field?.focus();
      } else return;
      event.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}
