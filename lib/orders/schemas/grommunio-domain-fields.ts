// Form metadata for the grommunio domain order: sections and fields. Labels, help texts and
// option names for people are in messages/*.json (orderFields.grommunio_domain); a new domain
// can only start as normal or suspended (docs/order-form.md).
import {
  isFlag,
  SYNC_POLICY_DEFAULTS,
  SYNC_POLICY_FIELDS,
  SYNC_POLICY_GROUPS,
  type SyncPolicyField,
  type SyncPolicyGroup,
} from "./sync-policy";
import { type FieldMeta, type FieldSection, selectField } from "./types";

function policyField(f: SyncPolicyField): FieldMeta {
  const name = `syncPolicy.${f.key}`;
  const common = { name, label: f.label, default: f.default };
  switch (f.rule.type) {
    case "enum": {
      const { values, labels } = f.rule;
      // A yes/no setting is a switch; a two-way choice (SHA-1 or MD5) stays a select.
      if (isFlag(f.rule) && labels?.[0] === "No") return { ...common, input: "checkbox" };
      return {
        ...common,
        input: "select",
        options: values.map((v, i) => ({ value: v, label: labels?.[i] ?? String(v) })),
      };
    }
    case "range":
      return { ...common, input: "number", min: f.rule.min, max: f.rule.max };
    case "count":
      return { ...common, input: "number", min: 0 };
    case "duration":
      return { ...common, input: "duration", min: 0, unit: f.rule.unit, noLimit: f.rule.never };
    case "size":
      return { ...common, input: "size", min: 0, unit: f.rule.unit, noLimit: f.rule.unlimited };
    case "list":
      // Application names ("Contoso, Inc. Viewer") may hold commas: one entry per line.
      return { ...common, input: "list", linesOnly: true };
  }
}

const POLICY_TITLES: Record<SyncPolicyGroup, string> = {
  device: "Device security",
  passwords: "Device passwords",
  sync: "Sync limits",
  features: "Device features",
  apps: "Applications",
};

export const grommunioDomainSections: FieldSection[] = [
  {
    id: "basics",
    title: "Domain",
    fields: [
      {
        name: "domainname",
        label: "Domain name",
        input: "text",
        required: true,
        maxLength: 64,
        default: "",
        placeholder: "example.com",
      },
      {
        name: "homeserver",
        label: "Home server",
        input: "server",
      },
      {
        name: "createRole",
        label: "Create a domain admin role",
        input: "checkbox",
        default: false,
      },
      {
        name: "chat",
        label: "Chat",
        input: "checkbox",
        default: false,
      },
    ],
  },
  {
    id: "limits",
    title: "Limits and status",
    fields: [
      {
        name: "maxUser",
        label: "Maximum users",
        input: "number",
        required: true,
        min: 0,
        max: 4_294_967_295,
        default: 10,
      },
      {
        name: "endDay",
        label: "End day",
        input: "date",
        placeholder: "YYYY-MM-DD",
      },
      selectField(
        "domainStatus",
        "Status",
        [
          [0, "Normal"],
          [1, "Suspended"],
        ],
        { default: 0 },
      ),
    ],
  },
  ...SYNC_POLICY_GROUPS.map(
    (group): FieldSection => ({
      id: `policy-${group}`,
      title: POLICY_TITLES[group],
      fields: SYNC_POLICY_FIELDS.filter((f) => f.group === group).map(policyField),
    }),
  ),
  {
    id: "company",
    title: "Organisation",
    fields: [
      { name: "title", label: "Title", input: "text", maxLength: 128, default: "" },
      { name: "address", label: "Address", input: "text", maxLength: 128, default: "" },
      { name: "adminName", label: "Administrator's name", input: "text", maxLength: 32, default: "" },
      { name: "tel", label: "Telephone", input: "text", maxLength: 64, default: "" },
    ],
  },
];

/** Initial form values; syncPolicy nested, starting from the spec's defaults. */
export const grommunioDomainDefaults: Record<string, unknown> = {
  ...Object.fromEntries(
    grommunioDomainSections
      .filter((s) => !s.id.startsWith("policy-"))
      .flatMap((s) => s.fields)
      .filter((f) => f.default !== undefined)
      .map((f) => [f.name, f.default]),
  ),
  syncPolicy: { ...SYNC_POLICY_DEFAULTS },
};
