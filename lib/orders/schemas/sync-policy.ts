// The 43 ActiveSync policy keys of grommunio's `syncPolicy` (openapi.yaml lines 6053-6275),
// with the spec's ranges and defaults (docs/upstream/grommunio.md §5). The upstream validates the
// object against the spec (a violation is a 400 "Bad Request"), so the same ranges are enforced
// here, and a few are narrower where the spec's own description leaves no doubt
// (docs/order-form.md "ActiveSync policy"): durations, counts and sizes are never negative
// (except the "-1 = unlimited" of the truncation sizes) and the 0/1 storage-card setting is a
// flag. `mindevpwlenngth` is misspelt upstream; the key must stay so. Labels and help texts
// for people live in messages/*.json (orderFields.grommunio_domain.syncPolicy.<key>).
import { z } from "zod";
import { v, vTyped } from "@/lib/i18n/validation";
import { INT32_MAX, optionalInt, optionalIntEnum, stringList } from "./form-input";
import { isRefusedAmount } from "./units";

/** The five groups the form shows the settings in (docs/order-form.md). */
export const SYNC_POLICY_GROUPS = ["device", "passwords", "sync", "features", "apps"] as const;
export type SyncPolicyGroup = (typeof SYNC_POLICY_GROUPS)[number];

/**
 * grommunio reads more than 9999 seconds as "never lock" (docs/order-form.md "No limit is a box, not
 * `-1`"): a longer time typed would be stored and shown as a time while the device never locks, so
 * a typed time goes up to 9999 and only the "Never lock" box sends more, this value.
 */
const LONGEST_LOCK = 9999;
const NEVER_LOCK = 10_000;

export type SyncPolicyRule =
  | { type: "enum"; values: readonly number[]; labels?: readonly string[] }
  | { type: "range"; min: number; max: number }
  /** A whole number of 0 or more (a count). */
  | { type: "count" }
  /**
   * 0 or more, in seconds or days; `never` is the value that means "no expiry / no lock". With
   * `max`, a typed time is at most that, and `never` (above it) is only what the "never" box sends.
   */
  | { type: "duration"; unit: "s" | "d"; never: number; max?: number }
  /** 0 or more, in bytes or KB; `unlimited` is the upstream's "no limit" value. */
  | { type: "size"; unit: "B" | "KB"; unlimited: number | "" }
  | { type: "list" };

export type SyncPolicyField = {
  key: string;
  group: SyncPolicyGroup;
  /** English label (order summaries); the form shows the translated one from messages/. */
  label: string;
  rule: SyncPolicyRule;
  default: number | string | string[];
};

/** An enum rule from its [value, English label] pairs, in the order a select offers them. */
function oneOf(...choices: ReadonlyArray<readonly [number, string]>): SyncPolicyRule {
  return { type: "enum", values: choices.map(([v]) => v), labels: choices.map(([, label]) => label) };
}

const bool = oneOf([0, "No"], [1, "Yes"]);
const count = { type: "count" } as const;

// prettier-ignore
export const SYNC_POLICY_FIELDS: readonly SyncPolicyField[] = [
  {
    key: "allowbluetooth",
    group: "features",
    label: "Bluetooth",
    rule: oneOf([0, "Disabled"], [1, "Hands-free only"], [2, "Allowed"]),
    default: 2,
  },
  {
    key: "allowbrowser",
    group: "features",
    label: "Web browser",
    rule: bool,
    default: 1,
  },
  {
    key: "allowcam",
    group: "features",
    label: "Camera",
    rule: bool,
    default: 1,
  },
  {
    key: "allowconsumeremail",
    group: "features",
    label: "Personal e-mail",
    rule: bool,
    default: 1,
  },
  {
    key: "allowdesktopsync",
    group: "features",
    label: "Desktop ActiveSync",
    rule: bool,
    default: 1,
  },
  {
    key: "allowhtmlemail",
    group: "sync",
    label: "HTML e-mail",
    rule: bool,
    default: 1,
  },
  {
    key: "allowinternetsharing",
    group: "features",
    label: "Internet sharing",
    rule: bool,
    default: 1,
  },
  {
    key: "allowirda",
    group: "features",
    label: "Infrared (IrDA)",
    rule: bool,
    default: 1,
  },
  {
    key: "allowpopimapemail",
    group: "features",
    label: "POP/IMAP e-mail",
    rule: bool,
    default: 1,
  },
  {
    key: "allowremotedesk",
    group: "features",
    label: "Remote desktop",
    rule: bool,
    default: 1,
  },
  {
    key: "allowsimpledevpw",
    group: "passwords",
    label: "Simple passwords",
    rule: bool,
    default: 1,
  },
  {
    key: "allowsmimeencalgneg",
    group: "device",
    label: "S/MIME algorithm negotiation",
    rule: oneOf([0, "Not allowed"], [1, "Only strong"], [2, "Any"]),
    default: 2,
  },
  {
    key: "allowsmimesoftcerts",
    group: "device",
    label: "S/MIME soft certificates",
    rule: bool,
    default: 1,
  },
  {
    key: "allowstoragecard",
    group: "features",
    label: "Storage card",
    rule: bool,
    default: 1,
  },
  {
    key: "allowtextmessaging",
    group: "features",
    label: "SMS / text messaging",
    rule: bool,
    default: 1,
  },
  {
    key: "allowunsignedapps",
    group: "apps",
    label: "Unsigned applications",
    rule: bool,
    default: 1,
  },
  {
    key: "allowunsigninstallpacks",
    group: "apps",
    label: "Unsigned install packages",
    rule: bool,
    default: 1,
  },
  {
    key: "allowwifi",
    group: "features",
    label: "Wi-Fi",
    rule: bool,
    default: 1,
  },
  {
    key: "alphanumpwreq",
    group: "passwords",
    label: "Alphanumeric password required",
    rule: bool,
    default: 0,
  },
  {
    key: "approvedapplist",
    group: "apps",
    label: "Approved in-RAM applications",
    rule: { type: "list" },
    default: [],
  },
  {
    key: "attenabled",
    group: "sync",
    label: "Attachments",
    rule: bool,
    default: 1,
  },
  {
    key: "devencenabled",
    group: "device",
    label: "Device encryption (deprecated)",
    rule: bool,
    default: 0,
  },
  {
    key: "devpwenabled",
    group: "passwords",
    label: "Device password required",
    rule: bool,
    default: 0,
  },
  {
    key: "devpwexpiration",
    group: "passwords",
    label: "Password expiry (days)",
    rule: { type: "duration", unit: "d", never: 0 },
    default: 0,
  },
  {
    key: "devpwhistory",
    group: "passwords",
    label: "Password history",
    rule: count,
    default: 0,
  },
  {
    key: "maxattsize",
    group: "sync",
    label: "Maximum attachment size",
    rule: { type: "size", unit: "B", unlimited: "" },
    default: "",
  },
  {
    key: "maxcalagefilter",
    group: "sync",
    label: "Calendar sync window",
    rule: oneOf([0, "Unlimited"], [4, "2 weeks"], [5, "1 month"], [6, "3 months"], [7, "6 months"]),
    default: 0,
  },
  {
    key: "maxdevpwfailedattempts",
    group: "device",
    label: "Failed attempts before wipe",
    rule: { type: "range", min: 4, max: 16 },
    default: 8,
  },
  {
    key: "maxemailagefilter",
    group: "sync",
    label: "E-mail sync window",
    rule: oneOf([0, "All"], [1, "1 day"], [2, "3 days"], [3, "1 week"], [4, "2 weeks"], [5, "1 month"]),
    default: 0,
  },
  {
    key: "maxemailbodytruncsize",
    group: "sync",
    label: "Plain-text truncation size",
    rule: { type: "size", unit: "KB", unlimited: -1 },
    default: -1,
  },
  {
    key: "maxemailhtmlbodytruncsize",
    group: "sync",
    label: "HTML truncation size",
    rule: { type: "size", unit: "KB", unlimited: -1 },
    default: -1,
  },
  {
    key: "maxinacttimedevlock",
    group: "device",
    label: "Inactivity lock (seconds)",
    rule: { type: "duration", unit: "s", max: LONGEST_LOCK, never: NEVER_LOCK },
    default: 900,
  },
  {
    key: "mindevcomplexchars",
    group: "passwords",
    label: "Character classes in password",
    rule: { type: "range", min: 1, max: 4 },
    default: 3,
  },
  {
    key: "mindevpwlenngth",
    group: "passwords",
    label: "Minimum password length",
    rule: { type: "range", min: 1, max: 16 },
    default: 4,
  },
  {
    key: "pwrecoveryenabled",
    group: "passwords",
    label: "Password recovery",
    rule: bool,
    default: 0,
  },
  {
    key: "reqdevenc",
    group: "device",
    label: "Device encryption required",
    rule: bool,
    default: 0,
  },
  {
    key: "reqencsmimealgorithm",
    group: "device",
    label: "S/MIME encryption algorithm",
    rule: oneOf([0, "TripleDES"], [1, "DES"], [2, "RC2 128-bit"], [3, "RC2 64-bit"], [4, "RC2 40-bit"]),
    default: 0,
  },
  {
    key: "reqencsmimemessages",
    group: "device",
    label: "Encrypted S/MIME required",
    rule: bool,
    default: 0,
  },
  {
    key: "reqmansyncroam",
    group: "sync",
    label: "Manual sync when roaming",
    rule: bool,
    default: 0,
  },
  {
    key: "reqsignedsmimealgorithm",
    group: "device",
    label: "S/MIME signing algorithm",
    rule: oneOf([0, "SHA1"], [1, "MD5"]),
    default: 0,
  },
  {
    key: "reqsignedsmimemessages",
    group: "device",
    label: "Signed S/MIME required",
    rule: bool,
    default: 0,
  },
  {
    key: "reqstoragecardenc",
    group: "device",
    label: "Storage card encryption",
    rule: bool,
    default: 0,
  },
  {
    key: "unapprovedinromapplist",
    group: "apps",
    label: "Blocked in-ROM applications",
    rule: { type: "list" },
    default: [],
  },
];

/**
 * A domain's policy as grommunio applies it, for showing it and for the service's change form to
 * start from and compare against (lib/services/change-fields.ts shownSettings): a time with a
 * typed limit (the lock time) read above that limit is its "never", as grommunio reads it
 * (docs/order-form.md "No limit is a box, not `-1`"). A lock time of 12000 s set at grommunio (its
 * panel, another client) so shows as "Never lock" with that box ticked, not as 200 minutes: a
 * time the form refuses once touched, and says the device locks when it never does. Only the
 * reading is changed; grommunio keeps its value until someone changes the setting.
 */
export function policyAsApplied(policy: Record<string, unknown>): Record<string, unknown> {
  const out = { ...policy };
  for (const { key, rule } of SYNC_POLICY_FIELDS) {
    if (rule.type !== "duration" || rule.max === undefined) continue;
    const raw = out[key];
    // grommunio answers numbers; a number as text is read the same, anything else left as it is.
    const seconds = typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof seconds === "number" && seconds > rule.max) out[key] = rule.never;
  }
  return out;
}

/** The spec's defaults for every key: what the form starts with. */
export const SYNC_POLICY_DEFAULTS: Record<string, number | string | string[]> = Object.fromEntries(
  SYNC_POLICY_FIELDS.map((f) => [f.key, Array.isArray(f.default) ? [...f.default] : f.default]),
);

export const isFlag = (rule: SyncPolicyRule) =>
  rule.type === "enum" && rule.values.length === 2 && rule.values[0] === 0 && rule.values[1] === 1;

function flagToInt(value: unknown): unknown {
  if (value === true || value === "on" || value === "true") return 1;
  if (value === false || value === "off" || value === "false") return 0;
  return value;
}

const numberOrBlank = (v: unknown) =>
  typeof v === "string" && /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : typeof v === "string" ? v.trim() : v;

/**
 * The message for a size over the largest the portal sends (INT32_MAX of the field's own unit), not
 * "0 or more". The truncation sizes are kept in KB (docs/order-form.md "Units"), so their limit is
 * about 2 TB, not the 2 GB of a size in bytes.
 */
function sizeTooLarge(rule: Extract<SyncPolicyRule, { type: "size" }>): string {
  return rule.unit === "KB" ? v("sizeAtMostKb", { max: INT32_MAX }) : v("sizeAtMost", { max: INT32_MAX });
}

function sizeSchema(rule: Extract<SyncPolicyRule, { type: "size" }>) {
  const message = v("sizeNoLimit");
  const tooLarge = sizeTooLarge(rule);
  if (rule.unlimited === "") {
    return z.preprocess(
      numberOrBlank,
      z
        .union([z.literal(""), z.number()], { error: message })
        .superRefine((size, ctx) => {
          if (typeof size !== "number") return;
          if (!Number.isInteger(size) || size < 0) ctx.addIssue({ code: "custom", message });
          else if (size > INT32_MAX) ctx.addIssue({ code: "custom", message: tooLarge });
        })
        .optional(),
    );
  }
  const unlimited = rule.unlimited;
  return z.preprocess(
    (v) => (v === "" ? undefined : numberOrBlank(v)),
    z
      .number({ error: message })
      .int(message)
      .max(INT32_MAX, tooLarge)
      .refine((v) => v >= 0 || v === unlimited, { message })
      .optional(),
  );
}

/**
 * A form amount the unit conversion refused (units.ts) is refused on its field, saying why;
 * `tooLarge` is the field's own message for a number over its largest.
 */
function convertedAmount<T extends z.ZodType>(schema: T, tooLarge: string) {
  return z.preprocess((value, ctx) => {
    if (!isRefusedAmount(value)) return value;
    const { amount, unit, base, why } = value;
    const message =
      why === "grouped"
        ? vTyped("amountGrouped", { amount })
        : why === "notNumber"
          ? vTyped("amountNotNumber", { amount })
          : why === "tooLarge"
            ? tooLarge
            : vTyped("notWholeInBase", { amount, unit, base });
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  }, schema);
}

function durationSchema(rule: Extract<SyncPolicyRule, { type: "duration" }>, { stored }: { stored: boolean }) {
  const message = rule.unit === "d" ? v("daysNotNegative") : v("secondsNotNegative");
  // A stored order (or one read back) may hold a longer time from before the limit: grommunio
  // reads it as the "never" it is, so it still re-parses and is sent as it was.
  if (rule.max === undefined || stored) {
    const tooLarge = v("atMost", { max: INT32_MAX });
    return convertedAmount(optionalInt({ min: 0, max: INT32_MAX, message, maxMessage: tooLarge }), tooLarge);
  }
  const { max, never } = rule;
  const tooLong = v("lockAtMost", { max, minutes: Math.floor(max / 60), seconds: max % 60, never });
  return convertedAmount(
    optionalInt({ min: 0, max: never, message, maxMessage: tooLong }).refine(
      (value) => value === undefined || value <= max || value === never,
      { message: tooLong },
    ),
    tooLong,
  );
}

function fieldSchema(field: SyncPolicyField, { stored = false } = {}) {
  const { rule } = field;
  switch (rule.type) {
    case "enum": {
      const schema = optionalIntEnum(rule.values, v("chooseOneOf", { values: rule.values.join(", ") }));
      // 0/1 settings are switches in the form: a ticked box ("on"/true) means 1, unticked 0.
      return isFlag(rule) ? z.preprocess(flagToInt, schema) : schema;
    }
    case "range":
      return optionalInt({
        min: rule.min,
        max: rule.max,
        message: v("wholeFromTo", { min: rule.min, max: rule.max }),
      });
    case "count":
      return optionalInt({
        min: 0,
        max: INT32_MAX,
        message: v("countNotNegative"),
        maxMessage: v("atMost", { max: INT32_MAX }),
      });
    case "duration":
      return durationSchema(rule, { stored });
    case "size":
      return convertedAmount(sizeSchema(rule), sizeTooLarge(rule));
    case "list":
      // Application names may hold commas ("Contoso, Inc. Viewer"): one entry per line.
      return stringList(z.string().max(255, v("entryTooLong", { max: 255 })), { linesOnly: true });
  }
}

/** One schema per key: the form uses them to tell which settings differ from the defaults. */
export const SYNC_POLICY_FIELD_SCHEMAS = Object.fromEntries(SYNC_POLICY_FIELDS.map((f) => [f.key, fieldSchema(f)]));

/**
 * Each key optional (a partial policy is sent as given; the upstream fills the rest), unknown
 * keys refused so that a typo does not silently become a stored, ignored override.
 */
const policySchema = (schemas: Record<string, z.ZodType>) =>
  z
    .strictObject(schemas, { error: unknownPolicyKeys })
    .transform(
      (policy) =>
        Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined)) as Record<
          string,
          number | string | string[]
        >,
    );

/** A policy as a form or the API sends it. */
export const syncPolicySchema = policySchema(SYNC_POLICY_FIELD_SCHEMAS);

/** A policy as an order stored it: a lock time typed before the 9999-second limit still reads. */
export const storedSyncPolicySchema = policySchema(
  Object.fromEntries(SYNC_POLICY_FIELDS.map((f) => [f.key, fieldSchema(f, { stored: true })])),
);

function unknownPolicyKeys(iss: z.core.$ZodRawIssue) {
  return iss.code === "unrecognized_keys" ? vTyped("unknownPolicySetting", { keys: iss.keys.join(", ") }) : undefined;
}

/**
 * A change of a domain's policy: as above, and a key may be `null`, which takes the key out of the
 * domain's own policy, so the domain follows the provider's value for it (lib/services/change-kinds.ts
 * withWholeSyncPolicy).
 */
const policyChange = (stored: boolean) =>
  z
    .strictObject(Object.fromEntries(SYNC_POLICY_FIELDS.map((f) => [f.key, fieldSchema(f, { stored }).nullable()])), {
      error: unknownPolicyKeys,
    })
    .transform(
      (policy) =>
        Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined)) as Record<
          string,
          number | string | string[] | null
        >,
    );
export const syncPolicyChangeSchema = policyChange(false);
/** A change as an order stored it: one placed before the lock time's 9999-second limit still reads. */
export const storedSyncPolicyChangeSchema = policyChange(true);
