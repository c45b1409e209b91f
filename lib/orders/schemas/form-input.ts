// Field builders that accept BOTH JSON values and FormData-derived strings, so one schema
// validates an API call and a browser form alike:
//   numbers  "42" → 42 (only whole-number strings; "4x" stays a string and fails)
//   booleans "true" | "on" | "1" → true, "false" | "off" | "0" → false
//   strings  trimmed; "" (or only spaces) → undefined, i.e. the field is omitted; control
//            characters refused (Postgres cannot store U+0000, not even inside jsonb)
//   lists    an array, or one string split on newlines/commas
// A checkbox that is not ticked is simply absent from FormData; formDataToInput (index.ts)
// turns it into `false` using the field metadata, because the schema cannot tell "absent".
import { z } from "zod";
import { blankToUndefined, trimString } from "@/lib/forms/blank";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "@/lib/forms/control-chars";
import { v } from "@/lib/i18n/validation";

function toNumber(value: unknown): unknown {
  const v = blankToUndefined(value);
  if (typeof v === "string" && /^[+-]?\d+$/.test(v.trim())) return Number(v.trim());
  return v;
}

function toBoolean(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const v = value.trim().toLowerCase();
  if (v === "true" || v === "on" || v === "1") return true;
  if (v === "false" || v === "off" || v === "0" || v === "") return false;
  return value;
}

/** Characters as the upstreams count them (code points, not UTF-16 units). */
const charLength = (s: string) => [...s].length;

/** `maxMessage`: what a number over `max` is told, when `message` (the field's rule) does not name it. */
type IntOptions = { min?: number; max?: number; message?: string; maxMessage?: string; required?: string };

function intCore({ min, max, message, maxMessage, required }: IntOptions) {
  const msg = message ?? v("wholeNumber");
  const below = min === undefined ? msg : (message ?? v("atLeast", { min }));
  const above = max === undefined ? msg : (maxMessage ?? message ?? v("atMost", { max }));
  // zod's int() also refuses a whole number past 2^53 (1e21), as too big or too small: it is told
  // what the field's own bound tells, not "enter 0 or more" for a number far too large.
  let schema = z
    .number({ error: (iss) => (iss.input === undefined ? (required ?? msg) : msg) })
    .int({ error: (iss) => (iss.code === "too_big" ? above : iss.code === "too_small" ? below : msg) });
  if (min !== undefined) schema = schema.min(min, below);
  if (max !== undefined) schema = schema.max(max, above);
  return schema;
}

/** The largest number the upstreams store for a limit or a count (a signed 32-bit integer). */
export const INT32_MAX = 2_147_483_647;

export const optionalInt = (o: IntOptions = {}) => z.preprocess(toNumber, intCore(o).optional());
export const requiredInt = (o: IntOptions = {}) =>
  z.preprocess(toNumber, intCore({ required: v("numberMissing"), ...o }));

/** An integer that must be one of `values` (upstream enumerations). */
export function optionalIntEnum(values: readonly number[], message: string) {
  return z.preprocess(
    toNumber,
    z
      .number({ error: message })
      .refine((v) => values.includes(v), { message })
      .optional(),
  );
}

/** Upstream limits: -1 means "no limit", otherwise a count (int32 on the wire). */
export const optionalLimit = () =>
  optionalInt({ min: -1, max: INT32_MAX, message: v("limitOrNone"), maxMessage: v("atMost", { max: INT32_MAX }) });

export const optionalBool = () => z.preprocess(toBoolean, z.boolean({ error: v("yesOrNo") }).optional());

/** What a text field is called in "Enter text for …" (an ICU select in validation.textFor). */
export type TextField =
  | "field"
  | "endDay"
  | "serverOrder"
  | "title"
  | "address"
  | "adminName"
  | "tel"
  | "company"
  | "city"
  | "zip"
  | "state"
  | "country"
  | "timeZone"
  | "customerCode"
  | "extname";

/** One message per field: too long first, else a control character (a line of text has none). */
function checkLine(max: number) {
  return (s: string, ctx: z.RefinementCtx) => {
    if (charLength(s) > max) ctx.addIssue({ code: "custom", message: v("tooLong", { max }) });
    else if (hasControlChars(s)) ctx.addIssue({ code: "custom", message: CONTROL_CHARS_MESSAGE });
  };
}

export const optionalText = (max: number, field: TextField = "field") =>
  z.preprocess(
    trimString,
    z
      .string({ error: v("textFor", { field }) })
      .superRefine(checkLine(max))
      .optional(),
  );

export const requiredText = (max: number, required: string) =>
  z.preprocess(trimString, z.string({ error: required }).superRefine(checkLine(max)));

/**
 * A list of strings: array as-is, or one string split on newlines and commas (on newlines only
 * with `linesOnly`, for entries that may hold a comma). Blank items dropped; once every item
 * passed its own check, one holding a control character is refused. At most `max` entries (1,000
 * unless said): a paste of a whole log is refused in its field, with how many it may hold, rather
 * than growing the request past what the server takes and losing the form.
 */
export function stringList<T extends z.ZodType<string>>(item: T, { linesOnly = false, max = 1000 } = {}) {
  return z.preprocess(
    (value) => {
      if (value === undefined || value === null) return undefined;
      const items = typeof value === "string" ? value.split(linesOnly ? /[\n\r]+/ : /[\n\r,]+/) : value;
      if (!Array.isArray(items)) return value;
      return items.map((i) => (typeof i === "string" ? i.trim() : i)).filter((i) => i !== "");
    },
    z
      .array(item, { error: v("listExpected") })
      .max(max, v("listTooLong", { max }))
      .superRefine((items, ctx) => {
        const at = items.findIndex((i) => hasControlChars(i));
        if (at >= 0) ctx.addIssue({ code: "custom", path: [at], message: CONTROL_CHARS_MESSAGE });
      })
      .optional(),
  );
}

/** One of a fixed set of strings; "" is treated as not given. */
export const optionalStringEnum = <T extends string>(values: readonly [T, ...T[]], message: string) =>
  z.preprocess(trimString, z.enum(values, { error: message }).optional());
