import { useT } from "./i18n.tsx";

export function ImportStatusBadge({ status }: { status: "queued" | "running" | "succeeded" | "failed" }) {
  const t = useT();
  return <span className={`badge ${status}`} data-testid="import-status">{t(`geography.status.${status}`)}</span>;
}
