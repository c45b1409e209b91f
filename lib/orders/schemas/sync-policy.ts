// The 43 ActiveSync policy keys of grommunio's `syncPolicy` (openapi.yaml lines 6053-6275),
// with the spec's ranges, the spec's defaults and the help texts of grommunio's reference page (docs/upstream/grommunio.md §5). The upstream
// validates the object against the spec (a violation is a 400 "Bad Request"), so the same
// ranges are enforced here. `mindevpwlenngth` is misspelt upstream; the key must stay so.
import { z } from "zod";
import { optionalInt, optionalIntEnum, stringList } from "./form-input";

export type SyncPolicyRule =
  | { type: "enum"; values: readonly number[]; labels?: readonly string[] }
  | { type: "range"; min: number; max: number }
  | { type: "int" }
  | { type: "attsize" } // "" (unlimited) or an integer
  | { type: "list" };

export type SyncPolicyField = {
  key: string;
  label: string;
  help: string;
  rule: SyncPolicyRule;
  default: number | string | string[];
};

const bool = { type: "enum", values: [0, 1], labels: ["No", "Yes"] } as const;
const int = { type: "int" } as const;

// prettier-ignore
export const SYNC_POLICY_FIELDS: readonly SyncPolicyField[] = [
  {
    key: "allowbluetooth",
    label: "Bluetooth",
    rule: { type: "enum", values: [0, 1, 2], labels: ["Disabled", "Hands-free only", "Allowed"] },
    default: 2,
    help: "Whether Bluetooth and hands-free profiles are allowed on the device (0=disabled, 1=allow only HFP, 2=allow)",
  },
  {
    key: "allowbrowser",
    label: "Web browser",
    rule: bool,
    default: 1,
    help: "Whether the device allows the use of a web browser.",
  },
  {
    key: "allowcam",
    label: "Camera",
    rule: bool,
    default: 1,
    help: "Whether the device allows the use of the built-in camera.",
  },
  {
    key: "allowconsumeremail",
    label: "Personal e-mail",
    rule: bool,
    default: 1,
    help: "Whether the device allows the use of personal email.",
  },
  {
    key: "allowdesktopsync",
    label: "Desktop ActiveSync",
    rule: bool,
    default: 1,
    help: "Whether the device allows synchronization with Desktop ActiveSync.",
  },
  {
    key: "allowhtmlemail",
    label: "HTML e-mail",
    rule: bool,
    default: 1,
    help: "Whether the device uses HTML-formatted email.",
  },
  {
    key: "allowinternetsharing",
    label: "Internet sharing",
    rule: bool,
    default: 1,
    help: "Whether the device allows the use of Internet Sharing.",
  },
  {
    key: "allowirda",
    label: "Infrared (IrDA)",
    rule: bool,
    default: 1,
    help: "Whether the device allows the use of IrDA (infrared) connections.",
  },
  {
    key: "allowpopimapemail",
    label: "POP/IMAP e-mail",
    rule: bool,
    default: 1,
    help: "Whether the device allows access to POP/IMAP email.",
  },
  {
    key: "allowremotedesk",
    label: "Remote desktop",
    rule: bool,
    default: 1,
    help: "Whether the device allows the use of Remote Desktop.",
  },
  {
    key: "allowsimpledevpw",
    label: "Simple passwords",
    rule: bool,
    default: 1,
    help: "Whether the device allows simple passwords.",
  },
  {
    key: "allowsmimeencalgneg",
    label: "S/MIME algorithm negotiation",
    rule: { type: "enum", values: [0, 1, 2], labels: ["Not allowed", "Only strong", "Any"] },
    default: 2,
    help: "Whether the device can negotiate the encryption algorithm to be used for signing (0=not allowed, 1=only strong, 2=any)",
  },
  {
    key: "allowsmimesoftcerts",
    label: "S/MIME soft certificates",
    rule: bool,
    default: 1,
    help: "Whether the device uses soft certificates to sign outgoing messages.",
  },
  {
    key: "allowstoragecard",
    label: "Storage card",
    rule: bool,
    default: 1,
    help: "Whether the device allows the use of the storage card.",
  },
  {
    key: "allowtextmessaging",
    label: "SMS / text messaging",
    rule: bool,
    default: 1,
    help: "Whether the device allows Short Message Service (SMS)/text messaging.",
  },
  {
    key: "allowunsignedapps",
    label: "Unsigned applications",
    rule: bool,
    default: 1,
    help: "Whether the device allows unsigned applications to execute.",
  },
  {
    key: "allowunsigninstallpacks",
    label: "Unsigned install packages",
    rule: bool,
    default: 1,
    help: "Whether the device allows unsigned cabinet (.cab) files to be installed.",
  },
  {
    key: "allowwifi",
    label: "Wi-Fi",
    rule: bool,
    default: 1,
    help: "Whether the device allows the use of Wi-Fi connections.",
  },
  {
    key: "alphanumpwreq",
    label: "Alphanumeric password required",
    rule: bool,
    default: 0,
    help: "Indicates whether a client device requires an alphanumeric password.",
  },
  {
    key: "approvedapplist",
    label: "Approved in-RAM applications",
    rule: { type: "list" },
    default: [],
    help: "A list of in-RAM applications that are approved for execution.",
  },
  {
    key: "attenabled",
    label: "Attachments",
    rule: bool,
    default: 1,
    help: "Indicates whether email attachments are enabled.",
  },
  {
    key: "devencenabled",
    label: "Device encryption (deprecated)",
    rule: bool,
    default: 0,
    help: "Deprecated, kept for backwards compatibility",
  },
  {
    key: "devpwenabled",
    label: "Device password required",
    rule: bool,
    default: 0,
    help: "Indicates whether a client device requires a password.",
  },
  {
    key: "devpwexpiration",
    label: "Password expiry (days)",
    rule: int,
    default: 0,
    help: "Whether the password expires after the specified number of days, as determined by the policy (0=unlimited).",
  },
  {
    key: "devpwhistory",
    label: "Password history",
    rule: int,
    default: 0,
    help: "The minimum number of previously used passwords the client device stores to prevent reuse (0=no storage).",
  },
  {
    key: "maxattsize",
    label: "Maximum attachment size",
    rule: { type: "attsize" },
    default: "",
    help: "The maximum attachment size, as determined by the security policy. Leave empty for unlimited.",
  },
  {
    key: "maxcalagefilter",
    label: "Calendar sync window",
    rule: {
      type: "enum",
      values: [0, 4, 5, 6, 7],
      labels: ["Unlimited", "2 weeks", "1 month", "3 months", "6 months"],
    },
    default: 0,
    help: "The maximum number of calendar days that can be synchronized (0=unlimited, 4=2 weeks, 5=1 month, 6=3 months, 7=6 months)",
  },
  {
    key: "maxdevpwfailedattempts",
    label: "Failed attempts before wipe",
    rule: { type: "range", min: 4, max: 16 },
    default: 8,
    help: "The number of password failures that are permitted before the device is wiped.",
  },
  {
    key: "maxemailagefilter",
    label: "E-mail sync window",
    rule: {
      type: "enum",
      values: [0, 1, 2, 3, 4, 5],
      labels: ["All", "1 day", "3 days", "1 week", "2 weeks", "1 month"],
    },
    default: 0,
    help: "The email age limit for synchronization (0=all, 1=1 day, 2=3 days, 3=1 week, 4=2 weeks, 5=1 month)",
  },
  {
    key: "maxemailbodytruncsize",
    label: "Plain-text truncation size",
    rule: int,
    default: -1,
    help: "The truncation size for plain text-formatted email messages (-1=unlimited, 0=header only, >0=truncate to size)",
  },
  {
    key: "maxemailhtmlbodytruncsize",
    label: "HTML truncation size",
    rule: int,
    default: -1,
    help: "The truncation size for HTML-formatted email messages (-1=unlimited, 0=header only, >0=truncate to size)",
  },
  {
    key: "maxinacttimedevlock",
    label: "Inactivity lock (seconds)",
    rule: int,
    default: 900,
    help: "The number of seconds of inactivity before the device locks itself (>9999=unlimited)",
  },
  {
    key: "mindevcomplexchars",
    label: "Character classes in password",
    rule: { type: "range", min: 1, max: 4 },
    default: 3,
    help: "The minimum number of character classes (lower case, upper case, numbers and symbols) contained within the password.",
  },
  {
    key: "mindevpwlenngth",
    label: "Minimum password length",
    rule: { type: "range", min: 1, max: 16 },
    default: 4,
    help: "The minimum device password length that the user can enter (1=unlimited).",
  },
  {
    key: "pwrecoveryenabled",
    label: "Password recovery",
    rule: bool,
    default: 0,
    help: "Indicates whether to enable a recovery password to be sent to the server by using the Settings command.",
  },
  {
    key: "reqdevenc",
    label: "Device encryption required",
    rule: bool,
    default: 0,
    help: "Whether the device uses encryption.",
  },
  {
    key: "reqencsmimealgorithm",
    label: "S/MIME encryption algorithm",
    rule: {
      type: "enum",
      values: [0, 1, 2, 3, 4],
      labels: ["TripleDES", "DES", "RC2 128-bit", "RC2 64-bit", "RC2 40-bit"],
    },
    default: 0,
    help: "The algorithm to be used when encrypting a message (0=TripleDES, 1=DES, 2=RC2128bit, 3=RC264bit, 4=RC240bit)",
  },
  {
    key: "reqencsmimemessages",
    label: "Encrypted S/MIME required",
    rule: bool,
    default: 0,
    help: "Whether the device is required to send encrypted messages.",
  },
  {
    key: "reqmansyncroam",
    label: "Manual sync when roaming",
    rule: bool,
    default: 0,
    help: "Whether the device requires manual synchronization when the device is roaming.",
  },
  {
    key: "reqsignedsmimealgorithm",
    label: "S/MIME signing algorithm",
    rule: { type: "enum", values: [0, 1], labels: ["SHA1", "MD5"] },
    default: 0,
    help: "The algorithm to be used when signing a message (0=SHA1, 1=MD5)",
  },
  {
    key: "reqsignedsmimemessages",
    label: "Signed S/MIME required",
    rule: bool,
    default: 0,
    help: "Whether the device is required to send signed S/MIME messages.",
  },
  {
    key: "reqstoragecardenc",
    label: "Storage card encryption",
    rule: int,
    default: 0,
    help: "Require encryption on storage card (0=no, 1=yes)",
  },
  {
    key: "unapprovedinromapplist",
    label: "Blocked in-ROM applications",
    rule: { type: "list" },
    default: [],
    help: "A list of in-ROM applications that are not approved for execution.",
  },
];

/** The spec's defaults for every key: what the form starts with. */
export const SYNC_POLICY_DEFAULTS: Record<string, number | string | string[]> = Object.fromEntries(
  SYNC_POLICY_FIELDS.map((f) => [f.key, Array.isArray(f.default) ? [...f.default] : f.default]),
);

const attSize = z.preprocess(
  (v) => (typeof v === "string" && /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : typeof v === "string" ? v.trim() : v),
  z
    .union([z.literal(""), z.number().int()], { error: "Leave empty for unlimited, or enter a whole number" })
    .optional(),
);

export const isFlag = (rule: SyncPolicyRule) =>
  rule.type === "enum" && rule.values.length === 2 && rule.values[0] === 0 && rule.values[1] === 1;

function flagToInt(value: unknown): unknown {
  if (value === true || value === "on" || value === "true") return 1;
  if (value === false || value === "off" || value === "false") return 0;
  return value;
}

function fieldSchema(field: SyncPolicyField) {
  const { rule } = field;
  switch (rule.type) {
    case "enum": {
      const schema = optionalIntEnum(rule.values, `Choose one of ${rule.values.join(", ")}`);
      // 0/1 settings are checkboxes in the form: a ticked box ("on"/true) means 1, unticked 0.
      return isFlag(rule) ? z.preprocess(flagToInt, schema) : schema;
    }
    case "range":
      return optionalInt({
        min: rule.min,
        max: rule.max,
        message: `Use a whole number from ${rule.min} to ${rule.max}`,
      });
    case "int":
      return optionalInt();
    case "attsize":
      return attSize;
    case "list":
      return stringList(z.string().max(255, "Use at most 255 characters per entry"));
  }
}

/**
 * Each key optional (a partial policy is sent as given; the upstream fills the rest), unknown
 * keys refused so that a typo does not silently become a stored, ignored override.
 */
export const syncPolicySchema = z
  .strictObject(Object.fromEntries(SYNC_POLICY_FIELDS.map((f) => [f.key, fieldSchema(f)])), {
    error: (iss) => (iss.code === "unrecognized_keys" ? `Unknown policy setting: ${iss.keys.join(", ")}` : undefined),
  })
  .transform(
    (policy) =>
      Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined)) as Record<
        string,
        number | string | string[]
      >,
  );
