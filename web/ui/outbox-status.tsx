import { useT } from "./i18n.tsx";

/** Where the outbox script (outbox.client.ts) says what the phone keeps and what it sent. */
export function OutboxStatus() {
  const t = useT();
  return (
    <p
      className="notice"
      role="status"
      data-testid="outbox-status"
      hidden
      data-outbox-kept={t("phoneOutbox.kept")}
      data-outbox-sent={t("phoneOutbox.sent")}
    />
  );
}
