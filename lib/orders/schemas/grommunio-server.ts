// grommunio server: POST /system/servers {hostname, extname} (docs/upstream/grommunio.md §4).
// The upstream checks neither name's format, and a non-ASCII or over-long hostname fails in the
// database (503) where it may or may not be applied, so both are checked here as ASCII hostnames.
import { z } from "zod";
import { requiredText } from "./form-input";
import type { FieldSection, OrderKindDefinition } from "./types";

const HOSTNAME_HINT = "Use a host name of letters, digits, hyphens and dots, such as mx1.example.com";

function hostnameProblem(name: string): string | undefined {
  if (name.length > 255) return "Use at most 255 characters";
  if (!/^[\x21-\x7e]+$/.test(name)) return `${HOSTNAME_HINT} (no spaces or accented letters)`;
  const labels = name.split(".");
  for (const label of labels) {
    if (label === "") return "Remove the empty part between two dots (or the dot at the start or end)";
    if (!/^[A-Za-z0-9-]+$/.test(label)) return HOSTNAME_HINT;
    if (label.startsWith("-") || label.endsWith("-")) return `"${label}" must not start or end with a hyphen`;
    if (label.length > 63) return `"${label}" is too long: at most 63 characters between dots`;
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
  hostname: hostname("Enter the server's internal host name"),
  extname: hostname("Enter the server's external address"),
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
