// An order in one sentence (lib/orders/order-sentence.ts picks the facts; this translates them).
// Renders on the server and in client components alike (next-intl hooks).
import { useFormatter, useTranslations } from "next-intl";
import { bytesParts } from "@/lib/format/bytes";
import type { OrderSentence } from "@/lib/orders/order-sentence";

export function OrderSentenceText({ sentence, className }: { sentence: OrderSentence; className?: string }) {
  const t = useTranslations("orderSentence");
  const format = useFormatter();
  const part = (p: OrderSentence["head"]) => {
    if (typeof p.values.bytes === "number") {
      const { value, unit } = bytesParts(p.values.bytes);
      return t(p.key, { size: `${format.number(value, { maximumFractionDigits: 1 })} ${unit}` });
    }
    return t(p.key, p.values);
  };
  const details = sentence.details.map(part);
  return (
    <span className={className} data-testid="order-sentence">
      {details.length
        ? t("withDetails", { head: part(sentence.head), details: details.join(", ") })
        : t("plain", { head: part(sentence.head) })}
    </span>
  );
}
