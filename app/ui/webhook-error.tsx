// A delivery's last error and an endpoint's "disabled because…" reason in the person's language
// (docs/i18n.md "Webhook errors"): the stored English is read back into its facts; words the
// receiver or the network produced stay as received, quoted and labelled as theirs.
import { useTranslations } from "next-intl";
import { readDisabledReason, readWebhookError, type WebhookError } from "@/lib/webhooks/error-words";

function ErrorWords({ error }: { error: WebhookError }) {
  const t = useTranslations("webhooks.errors");
  const v = useTranslations("validation");
  switch (error.key) {
    case "connection":
      return (
        <>
          {t("connection")}{" "}
          <q lang="en" className="font-mono text-[0.95em]">
            {error.text}
          </q>
        </>
      );
    case "hostUnresolved":
      return <>{v("webhookHostUnresolved", { host: error.host })}</>;
    case "hostPrivate":
      return <>{v("webhookHostPrivate", { host: error.host })}</>;
    case "notHttps":
      return <>{v("webhookHttps")}</>;
    case "notPublic":
      return <>{t("notPublic", { host: error.host })}</>;
    case "redirect":
    case "answered":
      return <>{t(error.key, { status: error.status })}</>;
    case "timeout":
      return <>{t("timeout", { seconds: Math.round(error.ms / 100) / 10 })}</>;
    default:
      return <>{t(error.key)}</>;
  }
}

export function DeliveryError({ text }: { text: string }) {
  return <ErrorWords error={readWebhookError(text)} />;
}

export function DisabledReason({ text }: { text: string }) {
  const t = useTranslations("webhooks.errors");
  const reason = readDisabledReason(text);
  if ("passwordChange" in reason) return <>{t("disabledOnPasswordChange")}</>;
  if ("text" in reason)
    return (
      <q lang="en" className="font-mono text-[0.95em]">
        {reason.text}
      </q>
    );
  return (
    <>
      {t("disabledAfter", { hours: reason.hours })} <ErrorWords error={reason.lastError} />
    </>
  );
}
