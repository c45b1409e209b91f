// grommunio server: POST /system/servers {hostname, extname} (docs/upstream/grommunio.md §4).
// The upstream checks neither name's format, and a non-ASCII or over-long hostname fails in the
// database (503) where it may or may not be applied, so both are checked here as ASCII hostnames.
import { z } from "zod";
import { v } from "@/lib/i18n/validation";
import { requiredText } from "./form-input";
import type { FieldSection, OrderKindDefinition } from "./types";

function hostnameProblem(name: string): string | undefined {
  if (name.length > 255) return v("tooLong", { max: 255 });
  if (!/^[\x21-\x7e]+$/.test(name)) return v("hostnameAscii");
  const labels = name.split(".");
  for (const label of labels) {
    if (label === "") return v("hostEmptyLabel");
    if (!/^[A-Za-z0-9-]+$/.test(label)) return v("hostnameHint");
    if (label.startsWith("-") || label.endsWith("-")) return v("labelHyphen", { label });
    if (label.length > 63) return v("hostLabelLong", { label });
  }
  return undefined;
}

const hostname = (required: string) =>
  requiredText(255, required).superRefine((value, ctx) => {
    if (value.length > 255) return; // already reported by requiredText
    const problem = hostnameProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const shape = {
  hostname: hostname(v("serverHostname")),
  extname: hostname(v("serverExtname")),
};

const grommunioServerFormSchema = z.object(shape);
const grommunioServerPayloadSchema = z.object(shape);
export type GrommunioServerForm = z.output<typeof grommunioServerFormSchema>;
export type GrommunioServerPayload = z.output<typeof grommunioServerPayloadSchema>;

const fieldSections: FieldSection[] = [
  {
    id: "basics",
    title: "Server",
    fields: [
      {
        name: "hostname",
        label: "Host name",
        input: "text",
        required: true,
        maxLength: 255,
        placeholder: "mx1.internal",
      },
      {
        name: "extname",
        label: "External address",
        input: "text",
        required: true,
        maxLength: 255,
        placeholder: "mail.example.com",
      },
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
