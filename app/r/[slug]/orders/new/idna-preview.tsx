"use client";
// Shows how a domain name will be registered (its IDNA "xn--" form) while it is typed. Not a live
// region: it changes with every key, and would talk over the screen reader's echo of the typing;
// the field names it in aria-describedby, so it is read with the field.
import { useTranslations } from "next-intl";
import { toIdnaAscii } from "@/lib/forms/idna";

export function IdnaPreview({ id, value, maxLength }: { id: string; value: string; maxLength: number }) {
  const t = useTranslations("orderForm.idna");
  const trimmed = value.trim();
  const result = trimmed ? toIdnaAscii(trimmed, { maxLength }) : null;
  let text = "";
  if (result?.ok)
    text =
      result.ascii === trimmed
        ? t("same", { ascii: result.ascii })
        : t("converted", { ascii: result.ascii, unicode: result.unicode });
  return (
    <p id={id} className="text-xs text-slate-700">
      {text ? <span className="font-mono">{text}</span> : null}
    </p>
  );
}
