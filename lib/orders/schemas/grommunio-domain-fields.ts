// Form metadata for the grommunio domain order: sections, labels and the help texts of grommunio's reference page.
import { isFlag, SYNC_POLICY_DEFAULTS, SYNC_POLICY_FIELDS, type SyncPolicyField } from "./sync-policy";
import type { FieldMeta, FieldSection } from "./types";

function policyField(f: SyncPolicyField): FieldMeta {
  const name = `syncPolicy.${f.key}`;
  const common = { name, label: f.label, help: f.help, default: f.default };
  switch (f.rule.type) {
    case "enum": {
      const { values, labels } = f.rule;
      if (isFlag(f.rule) && labels?.[0] === "No") {
        return { ...common, input: "checkbox" };
      }
      return {
        ...common,
        input: "select",
        options: values.map((v, i) => ({ value: v, label: labels?.[i] ?? String(v) })),
      };
    }
    case "range":
      return { ...common, input: "number", min: f.rule.min, max: f.rule.max };
    case "int":
      return { ...common, input: "number" };
    case "attsize":
      return { ...common, input: "number", min: 0, placeholder: "unlimited" };
    case "list":
      return { ...common, input: "list" };
  }
}

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
        help: "Name of the domain, automatically converted to IDNA format (at most 64 characters once converted).",
      },
      {
        name: "homeserver",
        label: "Home server ID",
        input: "number",
        min: 1,
        max: 255,
        help: "ID of one of your servers: ordered here, or shared with you by your provider. Leave empty to let grommunio place the domain.",
      },
      {
        name: "homeserverOrderId",
        label: "Server ordered here",
        input: "select",
        options: [],
        help: "A grommunio server ordered through this portal; the domain waits until that server exists. Use this or a server ID, not both.",
      },
      {
        name: "createRole",
        label: "Create a domain admin role",
        input: "checkbox",
        default: false,
        help: "Whether to automatically create a domain admin role for the new domain",
      },
      {
        name: "chat",
        label: "Chat",
        input: "checkbox",
        default: false,
        help: "Whether chat is enabled for this domain",
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
        help: "How many users the domain may have.",
      },
      {
        name: "endDay",
        label: "End day",
        input: "date",
        placeholder: "YYYY-MM-DD",
        help: "Date string (YYYY-MM-DD). Leave empty for no end.",
      },
      {
        name: "domainStatus",
        label: "Status",
        input: "select",
        default: 0,
        help: "Domain status (0=Normal, 1=Suspended, 2=Out Of Date, 3=Deleted)",
        options: [
          { value: 0, label: "Normal" },
          { value: 1, label: "Suspended" },
          { value: 2, label: "Out of date" },
          { value: 3, label: "Deleted" },
        ],
      },
    ],
  },
  {
    id: "security",
    title: "ActiveSync policy",
    description: "Active Sync Policy overrides",
    fields: SYNC_POLICY_FIELDS.map(policyField),
  },
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
      .filter((s) => s.id !== "security")
      .flatMap((s) => s.fields)
      .filter((f) => f.default !== undefined)
      .map((f) => [f.name, f.default]),
  ),
  syncPolicy: { ...SYNC_POLICY_DEFAULTS },
};
