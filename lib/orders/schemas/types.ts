// The shape every order kind exposes to the form (hints), the server action (truth) and the
// worker (payload check, request body). See index.ts for the registry.
import type { z } from "zod";

export type OrderKindName = "qboxmail_domain" | "qboxmail_manager" | "grommunio_domain" | "grommunio_server";
export type ProviderName = "qboxmail" | "grommunio";
export type QboxPlan = "basic" | "professional" | "enterprise";

/**
 * `list` = textarea, one entry per line; `quota` = select of byte values with human labels;
 * `checkbox` is shown as a switch; `size` and `duration` = a number with a unit picker, stored in
 * the field's base `unit` (docs/order-form.md "Units"); `server` = the searchable home-server picker.
 */
export type InputType =
  | "text"
  | "email"
  | "password"
  | "number"
  | "date"
  | "select"
  | "checkbox"
  | "quota"
  | "list"
  | "size"
  | "duration"
  | "server";

/** The unit a size or duration field's value is stored and sent in. */
export type BaseUnit = "B" | "KB" | "s" | "d";

export type FieldOption = { value: string | number; label: string };

export type FieldMeta = {
  /** The form field name = the upstream field name; nested ones use dots ("syncPolicy.allowwifi"). */
  name: string;
  /** English label (order summaries, API documentation); the form shows messages/ orderFields.<kind>.<name>. */
  label: string;
  input: InputType;
  required?: boolean;
  options?: FieldOption[];
  /** Qboxmail plans on which the field may be used (absent: every plan). */
  plans?: readonly QboxPlan[];
  default?: unknown;
  min?: number;
  max?: number;
  maxLength?: number;
  /** For `list`: entries one per line only, because an entry may hold a comma (an app's name). */
  linesOnly?: true;
  /** For `list`: a set, whose order means nothing (a manager's domains): compared sorted. */
  unordered?: true;
  placeholder?: string;
  /** For `size` and `duration`: the unit of the stored value. */
  unit?: BaseUnit;
  /** The upstream's "no limit" value: the form offers a "No limit" box instead of asking for it. */
  noLimit?: number | "";
  /**
   * A change form's field the upstream has no empty value for: once it holds a value, its select
   * offers no "Not set" (the change would refuse it; lib/services/change-kinds.ts).
   */
  keepsValue?: true;
  /**
   * A 0/1 setting offered as a select of Yes and No (in the person's language) instead of a
   * switch: a service's ActiveSync policy form, where a setting may also be "Not set".
   */
  yesNo?: true;
};

/**
 * A select field from its choices as [value, English label] pairs, in the order shown; `more`
 * adds the default, the plans and the like.
 */
export function selectField(
  name: string,
  label: string,
  choices: ReadonlyArray<readonly [FieldOption["value"], string]>,
  more: Partial<FieldMeta> = {},
): FieldMeta {
  return { name, label, input: "select", options: choices.map(([value, text]) => ({ value, label: text })), ...more };
}

export type FieldSectionId =
  | "basics"
  | "limits"
  | "security"
  | "company"
  | "policy-device"
  | "policy-passwords"
  | "policy-sync"
  | "policy-features"
  | "policy-apps";
/** Titles and descriptions for people are in messages/ (orderForm.sections.<id>); `title` is the English one. */
export type FieldSection = { id: FieldSectionId; title: string; fields: FieldMeta[] };

export type UpstreamRequest = { body: Record<string, unknown>; query?: Record<string, string> };

export type Secrets = Record<string, string>;

export interface OrderKindDefinition<K extends OrderKindName = OrderKindName, Form = unknown, Payload = unknown> {
  kind: K;
  provider: ProviderName;
  label: string;
  description: string;
  /** What the reseller submits, passwords and confirmations included. Accepts JSON or FormData-derived values. */
  formSchema: z.ZodType<Form, unknown>;
  /** What is stored on the order (no secrets); the worker parses it again before calling upstream. */
  payloadSchema: z.ZodType<Payload, unknown>;
  /** Keys of the `secrets` object produced by split(): sealed, never stored in the payload. */
  secretFields: readonly string[];
  split(form: Form): { payload: Payload; secrets: Secrets };
  /** What a lookup after an unknown outcome searches for (lower case). */
  naturalKey(payload: Payload): string;
  displayName(payload: Payload): string;
  /** The exact upstream request. Throws only on programming errors (a missing secret). */
  toUpstream(payload: Payload, secrets: Secrets): UpstreamRequest;
  /**
   * For a kind whose order can wait for another order placed here (a grommunio domain on a
   * server ordered through the portal): which order the payload waits for, and the payload with
   * that order's upstream ID in its place, which the worker builds the request from.
   */
  dependency?: {
    awaitedOrderId(payload: Payload): string | undefined;
    resolve(payload: Payload, upstreamRef: number): Payload;
  };
  fieldSections: FieldSection[];
  /**
   * Fields the provider takes on a change but not on the create (a Qboxmail manager's Delivery
   * limits): the service page's change form and "Current settings" label them, the order form
   * never shows them.
   */
  changeOnlyFields?: FieldMeta[];
  /** Initial form values, keyed like the form fields (nested objects for syncPolicy). */
  defaults: Record<string, unknown>;
}

/** Omit keys whose value is undefined: unset optional fields are not sent upstream. */
export function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function requireSecret(secrets: Secrets, key: string): string {
  const value = secrets[key];
  if (typeof value !== "string" || value === "") throw new Error(`Missing secret "${key}" for the upstream request`);
  return value;
}
