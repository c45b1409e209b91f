// Inputs of the admin forms, shared by the forms (hints) and the server actions (truth).
import { z } from "zod";
import { accountPasswordSchema } from "@/lib/auth/password-policy";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "@/lib/forms/control-chars";
import { reasonSchema } from "@/lib/forms/reason";
import { readRowVersions } from "@/lib/forms/row-version";
import { v } from "@/lib/i18n/validation";

// Messages through v() (docs/i18n.md "Validation messages"): the limit's name is a choice in
// the message, so each language words it whole.
// A box left blank (or only spaces) is refused, naming the limit to enter: read as a number it
// was 0, a limit nobody meant. Only plain whole numbers are read ("-3" too, for its own message);
// "1e3", "0x10" or "10.0" are refused as not whole numbers rather than read as a thousand, 16 or 10.
// A blank is undefined here; the identifiers below read it as "none" (null) instead.
const wholeNumber = (raw: unknown) => {
  if (typeof raw !== "string") return raw;
  const t = raw.trim();
  if (t === "") return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : t;
};
// The largest limit an admin sets; the message names it, so nobody guesses.
const LIMIT_MAX = 1_000_000;
const limit = (what: "domains" | "managers" | "servers") =>
  z.preprocess(
    wholeNumber,
    z
      .number({
        error: (issue) => (issue.input === undefined ? v("limitMissing", { what }) : v("limitWhole", { what })),
      })
      .int(v("limitWhole", { what }))
      .min(0, v("limitNegative", { what }))
      .max(LIMIT_MAX, v("limitTooLarge", { what, max: LIMIT_MAX })),
  );

/**
 * The reseller's updatedAt as the admin page showed it (a hidden field, an ISO time): a save from
 * a page loaded before someone else's save is refused rather than writing that page's old values
 * back over theirs. What cannot be read is null, refused the same way (lib/admin/resellers.ts).
 */
const seenUpdatedAt = z.preprocess((raw) => {
  const [ms] = readRowVersions(Array.isArray(raw) ? [] : raw);
  return ms === undefined ? null : new Date(ms);
}, z.date().nullable());

export const resellerLimitsSchema = z.object({
  resellerId: z.uuid(),
  maxDomains: limit("domains"),
  maxManagers: limit("managers"),
  maxServers: limit("servers"),
  updatedAt: seenUpdatedAt,
  reason: reasonSchema,
});

/** A line a person types: trimmed, given, at most `max` characters, without control characters. */
const typedLine = (max: number, missing: string) =>
  z
    .string()
    .trim()
    .min(1, missing)
    .max(max)
    .refine((s) => !hasControlChars(s), CONTROL_CHARS_MESSAGE)
    // NFC, as the list searches read what is typed (lib/forms/control-chars.ts searchText).
    .transform((s) => s.normalize("NFC"));

const newPassword = accountPasswordSchema;

export const createUserSchema = z
  .object({
    // Trimmed before the format check: a pasted " name@example.com " is that address, not a refusal.
    email: z
      .string({ error: v("emailShort") })
      .trim()
      .pipe(z.email(v("emailShort")).toLowerCase().max(254)),
    name: typedLine(100, v("nameMissing")),
    role: z.enum(["reseller", "support", "admin"], { error: v("chooseRole") }),
    resellerId: z.preprocess((v) => (v === "" ? undefined : v), z.uuid(v("chooseReseller")).optional()),
    password: newPassword,
    reason: reasonSchema,
  })
  .refine((u) => u.role !== "reseller" || u.resellerId, {
    path: ["resellerId"],
    message: v("resellerUserNeedsReseller"),
  });

export const userActionSchema = z.object({ userId: z.uuid(), reason: reasonSchema });
// A reset for a forgotten password keeps the user's API integrations working; one for an account
// that may be compromised revokes the tokens the user created too (docs/security.md "API tokens and webhooks").
export const resetPasswordSchema = userActionSchema.extend({
  password: newPassword,
  tokens: z.enum(["keep", "revoke"], { error: v("chooseOneOf", { values: "keep, revoke" }) }).default("keep"),
});

// A disabled user's tokens stopped with them (lib/api/tokens.ts checks the creator); enabling
// the user again says whether they work again or are revoked, as a reset does.
export const enableUserSchema = userActionSchema.extend({
  tokens: z.enum(["keep", "revoke"], { error: v("chooseOneOf", { values: "keep, revoke" }) }).default("keep"),
});

export type ResellerLimitsInput = z.infer<typeof resellerLimitsSchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UserActionInput = z.infer<typeof userActionSchema>;
/** `tokens` left out keeps them, as the form's default does. */
export type ResetPasswordInput = Omit<z.infer<typeof resetPasswordSchema>, "tokens"> & { tokens?: "keep" | "revoke" };
/** `tokens` left out keeps them, as the form's default does. */
export type EnableUserInput = UserActionInput & { tokens?: "keep" | "revoke" };

const blankToNull = (v: unknown) => (v === "" || v === undefined || v === null ? null : v);
// Read as the limits are ("1e3", "12.0", "1,000" refused as not whole numbers, never read as 1000 or
// 12); the form's boxes are text boxes, so what was typed arrives and only a blank box clears the ID.
// The columns are Postgres integers: the largest value one holds.
const ID_MAX = 2_147_483_647;
const optionalId = (what: "org" | "outbound", min: number) =>
  z.preprocess(
    (raw) => blankToNull(wholeNumber(raw)),
    z
      .number({ error: v("idWholeOrEmpty", { what }) })
      .int(v("idWhole", { what }))
      .min(min, v("idStartsAt", { what, min }))
      .max(ID_MAX, v("idTooLarge", { what, max: ID_MAX }))
      .nullable(),
  );

/** The upstream identifiers an admin sets per reseller (docs/security.md "Upstream identifiers"). */
export const resellerUpstreamSchema = z.object({
  resellerId: z.uuid(),
  grommunioOrgId: optionalId("org", 1),
  qboxmailCustomerCode: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, v("customerCode"))
      .nullable(),
  ),
  qboxmailOutboundLimitId: optionalId("outbound", 0),
  updatedAt: seenUpdatedAt,
  reason: reasonSchema,
});

export const shareServerSchema = z.object({
  resellerId: z.uuid(),
  serverId: z.preprocess(
    wholeNumber,
    z
      .number({ error: (issue) => (issue.input === undefined ? v("serverIdRange") : v("serverIdWhole")) })
      .int(v("serverIdWhole"))
      .min(1, v("serverIdMin"))
      .max(255, v("serverIdMax")),
  ),
  label: typedLine(255, v("serverLabel")),
  reason: reasonSchema,
});

export const unshareServerSchema = z.object({ shareId: z.uuid(), reason: reasonSchema });

export type ResellerUpstreamInput = z.infer<typeof resellerUpstreamSchema>;
export type ShareServerInput = z.infer<typeof shareServerSchema>;
export type UnshareServerInput = z.infer<typeof unshareServerSchema>;
