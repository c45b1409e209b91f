// grommunio server: POST /system/servers {hostname, extname} (docs/upstream/grommunio.md §4).
// The upstream checks neither name's format, and a non-ASCII or over-long hostname fails in the
// database (503) where it may or may not be applied, so both are checked here as ASCII hostnames.
import { z } from "zod";
import { v, vTyped } from "@/lib/i18n/validation";
import { requiredText } from "./form-input";
import type { FieldMeta, FieldSection, OrderKindDefinition } from "./types";

/** The longest name accepted: a longer one fails in the upstream's database (see above). */
const HOSTNAME_MAX = 255;

function hostnameProblem(name: string): string | undefined {
  if (name.length > HOSTNAME_MAX) return v("tooLong", { max: HOSTNAME_MAX });
  if (!/^[\x21-\x7e]+$/.test(name)) return v("hostnameAscii");
  const labels = name.split(".");
  for (const label of labels) {
    if (label === "") return v("hostEmptyLabel");
    if (!/^[A-Za-z0-9-]+$/.test(label)) return v("hostnameHint");
    if (label.startsWith("-") || label.endsWith("-")) return vTyped("labelHyphen", { label });
    if (label.length > 63) return vTyped("hostLabelLong", { label });
  }
  return undefined;
}

const hostname = (required: string) =>
  requiredText(HOSTNAME_MAX, required).superRefine((value, ctx) => {
    if (value.length > HOSTNAME_MAX) return; // already reported by requiredText
    const problem = hostnameProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/**
 * The external address is what the domains' MX and CNAME records point at (the service page's DNS
 * records, lib/services/activation.ts), and those take a name, never an IP address: an address
 * (a name whose last part is all digits, as 192.0.2.25, or an IPv6 literal) is refused saying so.
 */
const externalName = (required: string) =>
  requiredText(HOSTNAME_MAX, required).superRefine((value, ctx) => {
    if (value.length > HOSTNAME_MAX) return; // already reported by requiredText
    const problem = value.includes(":") || /(^|\.)\d+$/.test(value) ? v("extnameNotAddress") : hostnameProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const shape = {
  hostname: hostname(v("serverHostname")),
  extname: externalName(v("serverExtname")),
};

const grommunioServerFormSchema = z.object(shape);
const grommunioServerPayloadSchema = z.object(shape);
export type GrommunioServerForm = z.output<typeof grommunioServerFormSchema>;
export type GrommunioServerPayload = z.output<typeof grommunioServerPayloadSchema>;

/** Both names are hostnames; the placeholder shows which one is meant. */
const hostnameField = (name: keyof typeof shape, label: string, placeholder: string): FieldMeta => ({
  name,
  label,
  input: "text",
  required: true,
  maxLength: HOSTNAME_MAX,
  placeholder,
});

const fieldSections: FieldSection[] = [
  {
    id: "basics",
    title: "Server",
    fields: [
      hostnameField("hostname", "Host name", "mx1.internal"),
      hostnameField("extname", "External address", "mail.example.com"),
    ],
  },
];

export const grommunioServer: OrderKindDefinition<"grommunio_server", GrommunioServerForm, GrommunioServerPayload> = {
  kind: "grommunio_server",
  provider: "grommunio",
  label: "grommunio server",
  description: "Register a new grommunio server that domains can be placed on.",
  formSchema: grommunioServerFormSchema,
  payloadSchema: grommunioServerPayloadSchema,
  secretFields: [],
  split: (form) => ({ payload: { hostname: form.hostname, extname: form.extname }, secrets: {} }),
  // hostname is UNIQUE case-insensitively upstream, so the lookup key is lower case.
  naturalKey: (payload) => payload.hostname.toLowerCase(),
  displayName: (payload) => payload.hostname,
  toUpstream: (payload) => ({ body: { hostname: payload.hostname, extname: payload.extname } }),
  fieldSections,
  defaults: { hostname: "", extname: "" },
};

/** The fields' rules, for the service change schemas (lib/services/change-kinds.ts). */
export const grommunioServerShape = shape;
