// A provider's own message, never translated: support and the provider's documentation need the
// exact words (docs/i18n.md "Messages"). Shown after a translated label naming the provider,
// quoted, and marked as English for screen readers (both upstreams answer in English).
import { useTranslations } from "next-intl";
import { providerLabel } from "@/lib/orders/vocabulary";

/** The provider of an order kind ("grommunio_domain" → "grommunio"). */
export function providerOfKind(kind: string): string {
  return kind.startsWith("grommunio") ? "grommunio" : kind.startsWith("qboxmail") ? "qboxmail" : kind;
}

export function ProviderWords({ provider, text, className }: { provider: string; text: string; className?: string }) {
  const t = useTranslations("common");
  return (
    <span className={className} data-testid="provider-words">
      {t("providerSaid", { provider: providerLabel(provider) })}{" "}
      <q lang="en" className="font-mono text-[0.95em]">
        {text}
      </q>
    </span>
  );
}
