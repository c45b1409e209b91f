// Qboxmail domain: POST /api/domains (docs/upstream/qboxmail.md §2).
// Field names are the upstream's; the postmaster password is split off into the sealed secrets
// and its confirmation is rebuilt from it when the request is made.
import { z } from "zod";
import { bytesParts } from "@/lib/format/bytes";
import { optionalEmail } from "@/lib/forms/email-address";
import { toIdnaAscii, toUnicode } from "@/lib/forms/idna";
import { v, vTyped } from "@/lib/i18n/validation";
import { whenValid } from "./cross-field";
import {
  optionalBool,
  optionalInt,
  optionalIntEnum,
  optionalLimit,
  optionalStringEnum,
  optionalText,
  stringList,
  type TextField,
} from "./form-input";
import { ianaTimeZoneSpelling } from "./iana-time-zones";
import { ipOrCidrSchema } from "./networks";
import { confirmationSchema, passwordSchema, withConfirmedPassword } from "./passwords";
import { qboxmailDomainDefaults, qboxmailDomainSections } from "./qboxmail-domain-fields";
import { isFeatureOff, PLAN_GATED_FIELDS, type PlanGatedField, planAllows, QBOX_PLANS } from "./qboxmail-plans";
import { DEFAULT_DOMAIN_MAX_QUOTA, DOMAIN_QUOTA_BYTES } from "./quotas";
import { compact, type OrderKindDefinition, requireSecret } from "./types";

const PASSWORD_EXPIRATION_MONTHS = [0, 1, 3, 6, 12] as const;
const QBOX_LANGUAGES = ["it", "en"] as const;

const name = z
  .preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ error: v("domainNameMissing") }).min(1, v("domainNameMissing")),
  )
  .transform((value, ctx) => {
    if (/^www\./i.test(value)) {
      ctx.addIssue({ code: "custom", message: v("noWww") });
      return z.NEVER;
    }
    const result = toIdnaAscii(value, { maxLength: 253 });
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: result.error });
      return z.NEVER;
    }
    // A hosted mail domain needs a public top-level domain: letters only, or an IDNA one.
    const tld = result.ascii.slice(result.ascii.lastIndexOf(".") + 1);
    if (!/^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i.test(tld)) {
      ctx.addIssue({ code: "custom", message: vTyped("realTld", { tld }) });
      return z.NEVER;
    }
    return result.ascii;
  });

// Qboxmail takes a name from its own list of IANA names, spelled one way (docs/upstream/qboxmail.md
// §2). The name typed is looked up in the whole IANA list in any case and sent as the list spells
// it; a link stays the name typed (Asia/Calcutta is not swapped for Asia/Kolkata, nor back), since
// both are IANA names and the reseller chose one. A name not in the list is refused here, where the
// reseller can correct it, not by Qboxmail after the order is placed.
const timezone = optionalText(64, "timeZone").transform((value, ctx) => {
  if (value === undefined) return value;
  const spelled = ianaTimeZoneSpelling(value);
  if (spelled === undefined) {
    ctx.addIssue({ code: "custom", message: v("timeZoneName") });
    return z.NEVER;
  }
  return spelled;
});

const quota = optionalIntEnum(DOMAIN_QUOTA_BYTES, v("quotaChoice"));
const text = (field: TextField) => optionalText(255, field);

const shape = {
  name,
  plan: optionalStringEnum(QBOX_PLANS, v("planChoice")),
  catch_all_enabled: optionalBool(),
  catch_all_destination: optionalEmail(),
  max_email_accounts: optionalLimit(),
  max_email_accounts_archive: optionalLimit(),
  max_email_accounts_25gb: optionalLimit(),
  max_email_accounts_50gb: optionalLimit(),
  max_email_accounts_100gb: optionalLimit(),
  max_email_quota: quota,
  default_quota: quota,
  antispam_level: optionalIntEnum([0, 1, 2, 3], v("antispamChoice")),
  imap_disabled: optionalBool(),
  pop_disabled: optionalBool(),
  archive_disabled: optionalBool(),
  webmail_disabled: optionalBool(),
  smtp_disabled: optionalBool(),
  chat: optionalBool(),
  activesync: optionalBool(),
  meeting: optionalBool(),
  calendar: optionalBool(),
  xmpp: optionalBool(),
  dav: optionalBool(),
  api_enabled: optionalBool(),
  password_change_disabled: optionalBool(),
  password_recovery_disabled: optionalBool(),
  password_expiration: optionalIntEnum(PASSWORD_EXPIRATION_MONTHS, v("expiryChoice")),
  force_password_first_login: optionalBool(),
  block_old_password: optionalBool(),
  force_otp: optionalBool(),
  allow_nets: stringList(ipOrCidrSchema),
  company: text("company"),
  telephone: optionalText(64, "tel"),
  address: text("address"),
  city: text("city"),
  zip: optionalText(32, "zip"),
  state: text("state"),
  country: text("country"),
  language: optionalStringEnum(QBOX_LANGUAGES, v("languageChoice")),
  timezone,
  // Account fields of POST /api/domains (docs/upstream/qboxmail.md §2): the Qboxmail customer the
  // domain belongs to and an outbound sending limit (int32 id). Only the stored payload has them:
  // an admin sets them per reseller and placeOrder() writes them in (docs/security.md), so the
  // form schema leaves them out and a value a reseller sends is dropped.
  customer_code: optionalText(64, "customerCode"),
  outbound_limit_id: optionalInt({
    min: 0,
    max: 2_147_483_647,
    message: v("outboundLimit"),
  }),
};

const base = z.object(shape);
type Base = z.output<typeof base>;

function checkCatchAll(value: Base, ctx: z.RefinementCtx) {
  if (value.catch_all_enabled === true && value.catch_all_destination === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["catch_all_destination"],
      message: v("catchAllMissing"),
    });
  }
}

/**
 * The order form only: an address typed with the catch-all off would not be sent (split leaves it
 * out), so it is said on its field, not dropped. Not a rule of the stored payload: a service whose
 * catch-all a change turned off keeps the address among the settings a re-create lays over its
 * create order (lib/services/settings-since-create.ts).
 */
function checkNoStrayDestination(
  value: { catch_all_enabled?: boolean; catch_all_destination?: string },
  ctx: z.RefinementCtx,
) {
  if (value.catch_all_enabled !== true && value.catch_all_destination !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["catch_all_destination"],
      message: v("catchAllDestinationWithoutCatchAll"),
    });
  }
}

function checkPlanFeature(field: PlanGatedField) {
  return (value: Base, ctx: z.RefinementCtx) => {
    if (!isFeatureOff(value[field]) && !planAllows(value.plan, field)) {
      ctx.addIssue({
        code: "custom",
        path: [field],
        message: v("planOnly", { plan: PLAN_GATED_FIELDS[field].length === 1 ? "enterprise" : "professional" }),
      });
    }
  };
}

function checkQuotas(value: Base, ctx: z.RefinementCtx) {
  const max = value.max_email_quota ?? DEFAULT_DOMAIN_MAX_QUOTA;
  if (value.default_quota !== undefined && value.default_quota > max) {
    ctx.addIssue({
      code: "custom",
      path: ["default_quota"],
      message: vTyped("defaultQuotaAboveMax", bytesParts(max)),
    });
  }
}

/** The domain's cross-field rules, each run as soon as the fields it reads are valid (cross-field.ts). */
function withDomainRules<S extends z.ZodObject>(schema: S): S {
  const rules: [keys: string[], rule: (value: Base, ctx: z.RefinementCtx) => void][] = [
    [["catch_all_enabled", "catch_all_destination"], checkCatchAll],
    [["max_email_quota", "default_quota"], checkQuotas],
    ...(Object.keys(PLAN_GATED_FIELDS) as PlanGatedField[]).map(
      (field): [string[], (value: Base, ctx: z.RefinementCtx) => void] => [["plan", field], checkPlanFeature(field)],
    ),
  ];
  let out = schema;
  for (const [keys, rule] of rules) {
    out = out.superRefine((value, ctx) => rule(value as Base, ctx as z.RefinementCtx), whenValid(schema, keys));
  }
  return out;
}

const formBase = base
  .omit({ customer_code: true, outbound_limit_id: true })
  .extend({ postmaster_password: passwordSchema, postmaster_password_confirmation: confirmationSchema });
const qboxmailDomainFormSchema = withConfirmedPassword(
  withDomainRules(formBase).superRefine(
    checkNoStrayDestination,
    whenValid(formBase, ["catch_all_enabled", "catch_all_destination"]),
  ),
  "postmaster_password",
  "postmaster_password_confirmation",
);
const qboxmailDomainPayloadSchema = withDomainRules(base);
export type QboxmailDomainForm = z.output<typeof qboxmailDomainFormSchema>;
export type QboxmailDomainPayload = z.output<typeof qboxmailDomainPayloadSchema>;

function split(form: QboxmailDomainForm) {
  const { postmaster_password, postmaster_password_confirmation: _same, ...fields } = form;
  const payload: QboxmailDomainPayload = { ...fields };
  // Set per reseller by an admin, never by the form (applied in placeOrder()).
  delete payload.customer_code;
  delete payload.outbound_limit_id;
  // Switched-off features the plan lacks are left out: the upstream may refuse the field itself.
  for (const field of Object.keys(PLAN_GATED_FIELDS) as PlanGatedField[]) {
    if (!planAllows(payload.plan, field)) delete payload[field];
  }
  if (payload.catch_all_enabled !== true) delete payload.catch_all_destination;
  return { payload: compact(payload) as QboxmailDomainPayload, secrets: { postmaster_password } };
}

function toUpstream(payload: QboxmailDomainPayload, secrets: Record<string, string>) {
  const password = requireSecret(secrets, "postmaster_password");
  const { name: domain, ...rest } = payload;
  // The catch-all is "available only for non trial users": off is Qboxmail's default, so off is
  // not sent, and a trial customer's order is not refused for naming the field at all.
  if (rest.catch_all_enabled === false) delete rest.catch_all_enabled;
  return {
    body: {
      // Sent in lower case, the order's natural key and what the lookup asks `query` for: how
      // `query` matches is not documented, and one that minds case would not find "Shop.IT" by
      // "shop.it" after a lost answer (docs/upstream/qboxmail.md §4). The payload keeps ASCII
      // capitals as typed (lib/forms/idna.ts), so they are lowered here, stored orders included.
      name: domain.toLowerCase(),
      postmaster_password: password,
      postmaster_password_confirmation: password,
      ...compact(rest),
    },
  };
}

export const qboxmailDomain: OrderKindDefinition<"qboxmail_domain", QboxmailDomainForm, QboxmailDomainPayload> = {
  kind: "qboxmail_domain",
  provider: "qboxmail",
  label: "Qboxmail domain",
  description: "Create a mail domain on Qboxmail with its postmaster account, plan, limits and policies.",
  formSchema: qboxmailDomainFormSchema,
  payloadSchema: qboxmailDomainPayloadSchema,
  secretFields: ["postmaster_password"],
  split,
  naturalKey: (payload) => payload.name.toLowerCase(),
  displayName: (payload) => toUnicode(payload.name),
  toUpstream,
  fieldSections: qboxmailDomainSections,
  defaults: qboxmailDomainDefaults,
};
