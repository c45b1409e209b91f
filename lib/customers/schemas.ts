// The customer form, shared by the browser (hints) and the server action (truth).
import { z } from "zod";
import { trimString } from "@/lib/forms/blank";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "@/lib/forms/control-chars";
import { optionalEmail } from "@/lib/forms/email-address";
import { v } from "@/lib/i18n/validation";

// NFC: the same name typed on two systems ("Müller" with "ü" as one letter, or "u" and a mark)
// is one customer, found by one search (lib/forms/control-chars.ts searchText is NFC too).
const trimmed = (v: unknown) => (typeof v === "string" ? v.trim().normalize("NFC") : v);

// Control characters: see lib/forms/control-chars.ts (found by tests/integration/hostile-input.test.ts).
// Notes keep tabs and line breaks.
const CONTROL = CONTROL_CHARS_MESSAGE;
const plain =
  (allowLineBreaks = false) =>
  (v: string) =>
    !hasControlChars(v, allowLineBreaks);

export const customerSchema = z.object({
  name: z.preprocess(
    (v) => trimmed(v ?? ""),
    z
      .string({ error: v("customerName") })
      .min(1, v("customerName"))
      .max(120, v("tooLong", { max: 120 }))
      .refine(plain(), CONTROL),
  ),
  // The order forms' address check: an internationalised domain (info@münchen.de, .рф) is taken
  // and kept in IDNA ASCII, as mail systems take it; zod's default pattern refused it.
  email: optionalEmail(),
  reference: z.preprocess(
    (v) => trimString(typeof v === "string" ? v.normalize("NFC") : v),
    z
      .string()
      .max(64, v("tooLong", { max: 64 }))
      .refine(plain(), CONTROL)
      .optional(),
  ),
  notes: z.preprocess(
    trimString,
    z
      .string()
      .max(2000, v("tooLong", { max: 2000 }))
      .refine(plain(true), CONTROL)
      .optional(),
  ),
});

export const CUSTOMER_FIELDS = ["name", "email", "reference", "notes"] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/** The fields as plain strings, for pre-filling a form (and re-filling it after a rejection). */
export function customerFormValues(
  source: Partial<Record<CustomerField, unknown>> | FormData,
): Record<CustomerField, string> {
  const get = (k: CustomerField) => (source instanceof FormData ? source.get(k) : source[k]);
  return Object.fromEntries(
    CUSTOMER_FIELDS.map((k) => [k, typeof get(k) === "string" ? (get(k) as string) : ""]),
  ) as Record<CustomerField, string>;
}
