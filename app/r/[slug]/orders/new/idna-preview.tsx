"use client";
// Shows how a domain name will be registered (its IDNA "xn--" form) while it is typed.
import { toIdnaAscii } from "@/lib/orders/schemas/idna";

export function IdnaPreview({ id, value, maxLength }: { id: string; value: string; maxLength: number }) {
  const trimmed = value.trim();
  const result = trimmed ? toIdnaAscii(trimmed, { maxLength }) : null;
  let text = "";
  if (result?.ok)
    text =
      result.ascii === trimmed
        ? `Registered as ${result.ascii}`
        : `Registered as ${result.ascii} (IDNA form of ${result.unicode})`;
  return (
    <p id={id} className="text-xs text-slate-700" aria-live="polite">
      {text ? <span className="font-mono">{text}</span> : null}
    </p>
  );
}
