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

// Characters as the person counts them: an emoji or a letter outside the basic plane is one
// (zod's max counts UTF-16 units, two for those), as the order forms count.
const atMost = (max: number) => [(s: string) => [...s].length <= max, v("tooLong", { max })] as const;

// A text box's line breaks reach the server as CRLF (the form encoding's), one character to the
// person: kept as LF, so a note of 2,000 characters over many lines is not refused as longer.
const lineFeeds = (v: unknown) => (typeof v === "string" ? v.replace(/\r\n?/g, "\n") : v);

export const customerSchema = z.object({
  name: z.preprocess(
    (v) => trimmed(v ?? ""),
    z
      .string({ error: v("customerName") })
      .min(1, v("customerName"))
      .refine(...atMost(120))
      .refine(plain(), CONTROL),
  ),
  // The order forms' address check: an internationalised domain (info@münchen.de, .рф) is taken
  // and kept in IDNA ASCII, as mail systems take it; zod's default pattern refused it.
  email: optionalEmail(),
  reference: z.preprocess(
    (v) => trimString(typeof v === "string" ? v.normalize("NFC") : v),
    z
      .string()
      .refine(...atMost(64))
      .refine(plain(), CONTROL)
      .optional(),
  ),
  notes: z.preprocess(
    (v) => trimString(lineFeeds(v)),
    z
      .string()
      .refine(...atMost(2000))
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
