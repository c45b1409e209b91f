// The changes a service can take, one spec per (service kind, action): what the form may send
// (zod, the same schema for the server action and the worker), and how a read-back of the
// upstream resource tells whether the change already took effect. The read-back is what keeps a
// change from taking effect twice after a lost answer (docs/lifecycle.md). No provider calls
// here: the clients' `change` (lib/services/upstream-calls.ts) sends what changeBody() builds.
import { z } from "zod";
import { optionalEmail } from "@/lib/forms/email-address";
import type { OrderAction, OrderKind } from "@/lib/generated/prisma/enums";
import { v } from "@/lib/i18n/validation";
import { optionalBool, optionalInt, optionalIntEnum, optionalLimit, stringList } from "@/lib/orders/schemas/form-input";
import { grommunioDomainShape } from "@/lib/orders/schemas/grommunio-domain";
import { grommunioServerShape } from "@/lib/orders/schemas/grommunio-server";
import { ipOrCidrSchema } from "@/lib/orders/schemas/networks";
import { passwordSchema } from "@/lib/orders/schemas/passwords";
import { qboxmailManagerShape } from "@/lib/orders/schemas/qboxmail-manager";
import { DOMAIN_QUOTA_BYTES } from "@/lib/orders/schemas/quotas";
import {
  SYNC_POLICY_FIELDS,
  storedSyncPolicyChangeSchema,
  syncPolicyChangeSchema,
} from "@/lib/orders/schemas/sync-policy";
import { statusWord } from "@/lib/services/upstream-state";

export type ChangeAction = Exclude<OrderAction, "create">;

const UINT32_MAX = 4_294_967_295;
const order = { domain: grommunioDomainShape, server: grommunioServerShape, manager: qboxmailManagerShape };

/** Only the keys given: an empty change is refused with a message, not sent. */
const nonEmpty = <T extends z.ZodType<Record<string, unknown>>>(schema: T) =>
  schema
    .transform((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)))
    .refine((v) => Object.keys(v).length > 0, { message: v("changeSomething") });

// The fields share the order schemas' rules and messages (v(), translated at the form), except
// that nothing is required: a field left out stays as the provider has it. These keys are also
// what the service page's change form offers (change-fields.ts).
/**
 * Texts a change may empty: grommunio takes "" for them (their default), so an emptied field is
 * sent as "" rather than read as "not changed" (change-fields.ts sends it so from the form).
 */
const CLEARABLE_FIELDS: Partial<Record<OrderKind, readonly string[]>> = {
  grommunio_domain: ["title", "address", "adminName", "tel"],
};
// Blank is empty: "   " from the API clears the text as the form's emptied field does, instead of
// being trimmed to "not given" by the text's own rule and dropped.
const clearable = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? "" : value),
    z.union([z.literal(""), schema]),
  );

/**
 * A policy key emptied in the change form ("Not set (the provider's default)") is taken out of the
 * domain's own policy (null), so the domain follows the provider's value for it: left out, the
 * PATCH would keep the domain's value and the change would succeed having changed nothing. Sizes
 * whose empty value means "no limit" and lists (empty is a value) keep theirs. A policy with
 * nothing left in it is no change of the policy.
 */
const emptiedToRemoved = (raw: unknown) => {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const f of SYNC_POLICY_FIELDS) {
    const emptyMeans = f.rule.type === "list" || (f.rule.type === "size" && f.rule.unlimited === "");
    if (out[f.key] === "" && !emptyMeans) out[f.key] = null;
  }
  return out;
};
// `null` removes the domain's own policy: grommunio stores null, and the domain's devices follow the
// policy grommunio applies to domains without one (docs/lifecycle.md "A domain's ActiveSync policy").
const policyChanged = (schema: typeof syncPolicyChangeSchema) =>
  z
    .preprocess(emptiedToRemoved, schema)
    .transform((p) => (Object.keys(p).length ? p : undefined))
    .optional()
    .nullable();
const changedSyncPolicy = policyChanged(syncPolicyChangeSchema);

/**
 * grommunio's "no end date" is the day it stores when a create leaves `endDay` out, 3333-03-03
 * (docs/upstream/grommunio.md §5); a PATCH takes no empty day. An end date emptied in a change is
 * sent as that day, as the field's help says, instead of refused as a setting without an empty
 * value.
 */
const NO_END_DAY = "3333-03-03";
const noEndDayWhenEmptied = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? NO_END_DAY : value),
  order.domain.endDay,
);

const CHANGE_FIELDS = {
  grommunio_domain: z.object({
    maxUser: optionalInt({ min: 0, max: UINT32_MAX, message: v("wholeFromTo", { min: 0, max: UINT32_MAX }) }),
    title: clearable(order.domain.title),
    address: clearable(order.domain.address),
    adminName: clearable(order.domain.adminName),
    tel: clearable(order.domain.tel),
    endDay: noEndDayWhenEmptied,
    syncPolicy: changedSyncPolicy,
    // grommunio turns chat on only for an active domain (docs/upstream/grommunio.md §12).
    chat: order.domain.chat,
  }),
  // Both fields grommunio's PATCH takes (docs/upstream/grommunio.md §12). A new host name is
  // refused at placing while the server, as last read, has domains or users homed on it, and by
  // the worker when its read just before the PATCH shows any (docs/lifecycle.md "Renaming a
  // grommunio server"); and while another server or server order of the portal holds the name
  // (lib/orders/hostname-reservation.ts).
  grommunio_server: z.object({ hostname: order.server.hostname.optional(), extname: order.server.extname.optional() }),
  // Every field of Qboxmail's update the reference shows (docs/upstream/qboxmail-lifecycle.md). The
  // postmaster password pair is split off before the order is stored and sealed like a create's
  // (place-change.ts, docs/security.md): the payload only says that a password goes with it.
  qboxmail_domain: z.object({
    postmaster_password: passwordSchema.optional(),
    postmaster_password_confirmation: z.string().optional(),
    catch_all_enabled: optionalBool(),
    catch_all_destination: optionalEmail(),
    default_quota: optionalIntEnum(DOMAIN_QUOTA_BYTES, v("quotaChoice")),
    allow_nets: stringList(ipOrCidrSchema),
    max_email_accounts: optionalLimit(),
    max_email_accounts_25gb: optionalLimit(),
    max_email_accounts_50gb: optionalLimit(),
    antispam_level: optionalIntEnum([0, 1, 2, 3], v("antispamChoice")),
    imap_disabled: optionalBool(),
    pop_disabled: optionalBool(),
    smtp_disabled: optionalBool(),
    webmail_disabled: optionalBool(),
    activesync: optionalBool(),
    chat: optionalBool(),
    meeting: optionalBool(),
    calendar: optionalBool(),
    dav: optionalBool(),
  }),
  qboxmail_manager: z.object({
    max_domains: optionalLimit(),
    max_email_accounts: optionalLimit(),
    max_email_accounts_25gb: optionalLimit(),
    max_email_accounts_50gb: optionalLimit(),
    max_email_accounts_100gb: optionalLimit(),
    max_email_accounts_archive: optionalLimit(),
    // Taken by the update only, not by the create (docs/upstream/qboxmail-lifecycle.md "A manager's
    // Delivery limits could not be set").
    max_delivery_domains: optionalLimit(),
    max_delivery_accounts: optionalLimit(),
    max_email_quota: order.manager.max_email_quota,
    // Opaque codes, as on create: Qboxmail's own material shows D + 8 and D + 9 digits and "DD…",
    // and a manager created or adopted with any of them must stay changeable.
    domain_codes: order.manager.domain_codes.optional(),
    // The manager's own password (PUT /api/managers/{code} takes the pair as create does), sealed.
    password: passwordSchema.optional(),
    password_confirmation: z.string().optional(),
  }),
} satisfies Record<OrderKind, z.ZodObject>;

/** The password a change may set and the name of its confirmation (the upstream's field names). */
export const PASSWORD_PAIRS: Partial<Record<OrderKind, { password: string; confirmation: string }>> = {
  qboxmail_domain: { password: "postmaster_password", confirmation: "postmaster_password_confirmation" },
  qboxmail_manager: { password: "password", confirmation: "password_confirmation" },
};

/** The fields a change of each kind may set (the password pair included). */
export function changeableFields(kind: OrderKind): ReadonlySet<string> {
  return new Set(Object.keys(CHANGE_FIELDS[kind].shape));
}

/**
 * Either half of a password pair asks for the other, and the two must be equal: a mistyped new
 * password would lock the postmaster or manager out (docs/upstream/qboxmail.md §1, §3).
 */
const confirmedPair =
  (kind: OrderKind) =>
  <T extends z.ZodType<Record<string, unknown>>>(schema: T) =>
    schema.superRefine((value, ctx) => {
      const pair = PASSWORD_PAIRS[kind];
      if (!pair) return;
      const password = value[pair.password];
      const confirmation = value[pair.confirmation];
      if (password === undefined && confirmation === undefined) return;
      if (password === undefined || password === "")
        ctx.addIssue({ code: "custom", path: [pair.password], message: v("passwordMissing") });
      if (confirmation === undefined || confirmation === "")
        ctx.addIssue({ code: "custom", path: [pair.confirmation], message: v("passwordAgain") });
      else if (password !== undefined && password !== confirmation)
        ctx.addIssue({ code: "custom", path: [pair.confirmation], message: v("orderPasswordsDiffer") });
    });

/**
 * An emptied setting the upstream has no empty value for is refused on its field, saying so. Read
 * as "not given", it would leave the setting as it was while the person believes it cleared, or
 * end in "Change at least one setting" with nothing pointing at the field.
 */
const keepsAValue = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value, ctx) => {
    if (typeof value === "string" && value.trim() === "")
      ctx.addIssue({ code: "custom", message: v("cannotEmpty"), input: value });
    return value;
  }, schema);

// Fields where "" is a value of its own: the clearable texts, lists (emptied is an empty list),
// the password pair (confirmedPair asks for both), the sync policy (an object) and a grommunio
// domain's end date ("no end date").
const EMPTY_IS_A_VALUE = new Set(["syncPolicy", "allow_nets", "domain_codes", "endDay"]);

/**
 * Whether a change of `kind` takes "" (or an empty list) for the field `name`: else it is refused.
 * A policy setting ("syncPolicy.allowwifi") does: emptied, it leaves the domain's own policy.
 */
export function takesEmpty(kind: OrderKind, name: string): boolean {
  const pair = PASSWORD_PAIRS[kind];
  return (
    EMPTY_IS_A_VALUE.has(name.split(".", 1)[0] ?? name) ||
    (CLEARABLE_FIELDS[kind] ?? []).includes(name) ||
    name === pair?.password ||
    name === pair?.confirmation
  );
}

/**
 * JSON `null` for a setting (the API's `set`; a form never sends one): a setting that can be
 * emptied is emptied, as "" does; any other is refused, naming it. The text rules read null as
 * "not given", so `{"title": null}` was dropped and the change answered as placed. A password
 * cannot be emptied; `syncPolicy: null` removes the domain's own policy (changedSyncPolicy).
 */
const nullRead = (kind: OrderKind, name: string, schema: z.ZodType) => {
  if (name === "syncPolicy") return schema;
  const pair = PASSWORD_PAIRS[kind];
  const emptied = takesEmpty(kind, name) && name !== pair?.password && name !== pair?.confirmation;
  return z.preprocess((value, ctx) => {
    if (value !== null) return value;
    if (emptied) return "";
    ctx.addIssue({ code: "custom", message: v("cannotBeNull", { field: name }), input: value });
    return z.NEVER;
  }, schema);
};

function emptiedRefused<S extends z.ZodRawShape>(kind: OrderKind, object: z.ZodObject<S>): z.ZodObject<S> {
  const shape = Object.fromEntries(
    Object.entries(object.shape).map(([name, field]) => [
      name,
      nullRead(kind, name, takesEmpty(kind, name) ? (field as z.ZodType) : keepsAValue(field as z.ZodType)),
    ]),
  );
  // Same keys and outputs: only an empty input (or null) is read before the field's own schema runs.
  return z.object(shape) as unknown as z.ZodObject<S>;
}

export const CHANGE_SCHEMAS = {
  grommunio_domain: nonEmpty(emptiedRefused("grommunio_domain", CHANGE_FIELDS.grommunio_domain)),
  grommunio_server: nonEmpty(emptiedRefused("grommunio_server", CHANGE_FIELDS.grommunio_server)),
  // Turning catch-all on without an address is judged against the domain's reading
  // (change-against-settings.ts): Qboxmail checks the pair against what the domain holds.
  qboxmail_domain: confirmedPair("qboxmail_domain")(
    nonEmpty(emptiedRefused("qboxmail_domain", CHANGE_FIELDS.qboxmail_domain)),
  ),
  qboxmail_manager: confirmedPair("qboxmail_manager")(
    nonEmpty(emptiedRefused("qboxmail_manager", CHANGE_FIELDS.qboxmail_manager)),
  ),
} satisfies Record<OrderKind, z.ZodType>;

/**
 * The schemas the worker reads a stored change with: as CHANGE_SCHEMAS, except that a limit added
 * since the order was placed does not make it unreadable (a lock time over 9999 s placed before
 * that limit); the worker sends what was accepted then.
 */
export const STORED_CHANGE_SCHEMAS = {
  ...CHANGE_SCHEMAS,
  grommunio_domain: nonEmpty(
    emptiedRefused(
      "grommunio_domain",
      CHANGE_FIELDS.grommunio_domain.extend({ syncPolicy: policyChanged(storedSyncPolicyChangeSchema) }),
    ),
  ),
} satisfies Record<OrderKind, z.ZodType>;

/**
 * A parsed change split into what is stored (`set`) and the password, which is sealed on the order
 * and never stored, queued, logged or audited in the clear (docs/security.md).
 */
export function splitPassword(
  kind: OrderKind,
  parsed: Record<string, unknown>,
): { set: Record<string, unknown>; password?: string } {
  const pair = PASSWORD_PAIRS[kind];
  if (!pair) return { set: parsed };
  const { [pair.password]: password, [pair.confirmation]: _same, ...set } = parsed;
  return typeof password === "string" ? { set, password } : { set };
}

/**
 * Qboxmail statuses that are no step in progress (a manager's are the first two): a delete seen
 * in one was not applied, and a status change seen in one is applied or not, not under way.
 * Compared as `statusWord` gives them: a domain still "Enabled" after a DELETE is not queued.
 */
const QBOXMAIL_SETTLED = new Set(["enabled", "disabled", "ownership_check"]);

/** Which actions each kind offers (the contract's routes; docs/lifecycle.md). */
export const ACTIONS_BY_KIND: Record<OrderKind, readonly ChangeAction[]> = {
  grommunio_domain: ["change", "suspend", "resume", "delete"],
  grommunio_server: ["change", "delete"],
  qboxmail_domain: ["change", "suspend", "resume", "delete"],
  qboxmail_manager: ["change", "suspend", "resume", "delete"],
};

/**
 * What a change order stores: the fields to set, or the delete's mode. Never secrets: `password`
 * only says that a new password is sealed on the order (its `sealed_secret`).
 */
/**
 * `deleteFiles`: with a purge, grommunio removes the domain's files too (an administrator's choice).
 * `before`: a whole list the change sets, as it was when the change was placed (whole-lists.ts).
 */
export type ChangePayload = {
  set?: Record<string, unknown>;
  purge?: boolean;
  deleteFiles?: boolean;
  password?: true;
  before?: Record<string, string[]>;
};

export type ReadBack = { found: false } | { found: true; data: Record<string, unknown> };

/**
 * How long after a grommunio purge whose answer was lost the domain may still be read before the
 * purge is sent again. A purge with its files can outlast the client's timeout and still commit
 * (docs/upstream/grommunio.md §8); sending it again meanwhile runs a second one beside it. The
 * worker waits it out (workers/processors/change-order.ts), and support's cancel does too
 * (lib/support/cancel-check.ts): cancelled meanwhile, the purge could still complete.
 */
export const SLOW_PURGE_MAX_MS = 10 * 60_000;

/**
 * How long after a Qboxmail change order's latest PUT (of a status or of settings) a transitional
 * status is taken for that change under way (`judgeApplied`'s "waiting"). Timed from the latest
 * send, not the first: a change sent again (past this wait, or retried by support) may be the one
 * under way, and a third PUT beside it is what the wait is for. A status that stays
 * transitional longer is no longer: the worker sends the change again
 * (workers/processors/change-order.ts), and support's cancel no longer waits for it
 * (lib/support/cancel-check.ts).
 */
export const STATUS_SETTLE_MAX_MS = 30 * 60_000;

/**
 * After a call whose answer was lost: "applied" (do not send again), "pending" (not applied:
 * send it), "gone" (the resource no longer exists, so the change cannot apply), or "waiting" (a
 * queued Qboxmail deletion: accepted, so not sent again, but not done until the domain is gone;
 * or a Qboxmail change under way: read again once the status has settled).
 */
export function judgeApplied(
  kind: OrderKind,
  action: ChangeAction,
  p: ChangePayload,
  r: ReadBack,
  /** A person marking the order resolved has checked chat at grommunio: its read-back counts. */
  opts: { personChecked?: boolean } = {},
): "applied" | "pending" | "gone" | "waiting" {
  if (action === "delete") {
    if (!r.found) return "applied";
    if (kind === "grommunio_domain" && !p.purge) return r.data.domainStatus === 3 ? "applied" : "pending";
    // Qboxmail queued the deletion: the domain still exists (and still counts against the
    // reseller's limit) until a read-back no longer finds it (docs/lifecycle.md). The status it
    // shows meanwhile is not documented, so any but the settled ones counts as queued
    // (docs/upstream/qboxmail-lifecycle.md).
    return kind === "qboxmail_domain" && !QBOXMAIL_SETTLED.has(statusWord(r.data.status)) ? "waiting" : "pending";
  }
  if (!r.found) return "gone";
  if (action === "suspend" || action === "resume") {
    // Soft-deleted at grommunio: a status PATCH would bring it back, so nothing is sent. Any
    // other change leaves the status alone, and grommunio takes it on such a domain as on any
    // other (docs/upstream/grommunio.md §12).
    if (kind === "grommunio_domain" && r.data.domainStatus === 3) return "gone";
    const wanted =
      kind === "grommunio_domain" ? (action === "suspend" ? 1 : 0) : action === "suspend" ? "disabled" : "enabled";
    const field = kind === "grommunio_domain" ? "domainStatus" : "status";
    if (kind === "grommunio_domain" ? r.data[field] === wanted : statusWord(r.data[field]) === wanted) return "applied";
    return qboxmailUnderWay(kind, r.data) ? "waiting" : "pending";
  }
  // A password cannot be read back, so a change carrying one is sent again after a lost answer.
  // That is harmless: setting the same password twice leaves the same password (the PUT is
  // idempotent; docs/upstream/qboxmail-lifecycle.md). Not while the resource is under way, though.
  if (p.password) return qboxmailUnderWay(kind, r.data) ? "waiting" : "pending";
  // grommunio reads `chat` live from its chat service and reads false whenever that service cannot
  // be reached, the very case that leaves a PATCH of chat unanswered (503): a false read back
  // does not show chat turned off, so that change is sent again (docs/upstream/grommunio.md §12).
  if (kind === "grommunio_domain" && p.set?.chat === false && !opts.personChecked) return "pending";
  if (Object.entries(p.set ?? {}).every(([k, v]) => sameValue(r.data[k], v))) return "applied";
  return qboxmailUnderWay(kind, r.data) ? "waiting" : "pending";
}

/**
 * A Qboxmail domain or manager passes through a transitional status ("Updating") while a change
 * of its status or of its settings is applied (docs/upstream/qboxmail-lifecycle.md): perhaps the
 * change whose answer was lost, with the old values still showing. It is read again until the
 * status settles rather than sent beside it, which Qboxmail may refuse while it is updating and
 * which would fail an order whose first send is about to take effect. A reading without a status
 * says nothing of one under way.
 */
function qboxmailUnderWay(kind: OrderKind, data: Record<string, unknown>): boolean {
  if (kind !== "qboxmail_domain" && kind !== "qboxmail_manager") return false;
  const status = statusWord(data.status);
  return status !== "" && !QBOXMAIL_SETTLED.has(status);
}

function sameValue(upstream: unknown, sent: unknown): boolean {
  if (Array.isArray(sent)) {
    // Sets (domain_codes, allow_nets) compare without order. A reading without the list shows
    // nothing, not an empty list: the change is sent again, which is harmless (the PUT sets the
    // whole list), rather than judged applied when it may never have arrived.
    if (!Array.isArray(upstream)) return false;
    return JSON.stringify(upstream.map(String).sort()) === JSON.stringify(sent.map(String).sort());
  }
  if (sent && typeof sent === "object") {
    const theirs = (upstream && typeof upstream === "object" ? upstream : {}) as Record<string, unknown>;
    // A policy key sent as null was taken out: applied when the reading no longer holds it.
    return Object.entries(sent).every(([k, v]) => (v === null ? theirs[k] == null : sameValue(theirs[k], v)));
  }
  // A removed policy (null) compares here too: it reads back as null.
  return String(upstream) === String(sent);
}

/** The new host name a change of a grommunio server sets, or undefined (an extname change, another kind). */
export function newHostname(kind: OrderKind, p: ChangePayload): string | undefined {
  const hostname = kind === "grommunio_server" ? p.set?.hostname : undefined;
  return typeof hostname === "string" ? hostname : undefined;
}

/**
 * The users and domains grommunio counts as homed on a server (its GET's `users` and `domains`,
 * soft-deleted domains included), as read; undefined when the reading has neither.
 */
export function homedOnServer(read: unknown): { users: number; domains: number } | undefined {
  const r = (read && typeof read === "object" ? read : {}) as Record<string, unknown>;
  const count = (x: unknown) => (typeof x === "number" && Number.isFinite(x) && x > 0 ? x : 0);
  if (r.users === undefined && r.domains === undefined) return undefined;
  return { users: count(r.users), domains: count(r.domains) };
}

/**
 * Whether a server with these counts may take a new host name: not while anything is homed on it.
 * With grommunio's `serverExplicitMount` the stored paths of its domains and users contain the
 * host name, and a PATCH rewrites none of them (docs/upstream/grommunio.md §12).
 */
export const renameBlockedBy = (homed: { users: number; domains: number } | undefined): boolean =>
  homed !== undefined && homed.users + homed.domains > 0;

/** Whether a change sends part of a grommunio domain's sync policy, which must be read first. */
export const changesSyncPolicy = (kind: OrderKind, p: ChangePayload): boolean =>
  kind === "grommunio_domain" && typeof p.set?.syncPolicy === "object" && p.set.syncPolicy !== null;

/**
 * The change with the whole sync policy: grommunio stores `syncPolicy` as one value, so a PATCH
 * of some of its keys would replace the policy and drop every key not sent
 * (docs/upstream/grommunio.md §12). The changed keys are laid over the policy the domain has
 * now (`current`, read just before sending); other changes are returned as they are.
 */
export function withWholeSyncPolicy(
  kind: OrderKind,
  p: ChangePayload,
  current: Record<string, unknown> | undefined,
): ChangePayload {
  if (!changesSyncPolicy(kind, p) || !p.set) return p;
  return { ...p, set: { ...p.set, syncPolicy: policyAfterChange(current?.syncPolicy, p.set.syncPolicy) } };
}

/**
 * A domain's policy after a change of it: the changed keys laid over the policy it had, a key set
 * to null taken out; a change to null, or a policy left with no key, is none (null).
 */
export function policyAfterChange(before: unknown, change: unknown): Record<string, unknown> | null {
  if (change === null || typeof change !== "object" || Array.isArray(change)) return null;
  const base =
    before && typeof before === "object" && !Array.isArray(before) ? (before as Record<string, unknown>) : {};
  const whole = Object.fromEntries(Object.entries({ ...base, ...change }).filter(([, v]) => v !== null));
  return Object.keys(whole).length ? whole : null;
}

/**
 * The upstream request body of a change (suspend/resume/delete have none of their own). `password`:
 * the opened secret, only in the worker just before the call; both halves of the pair carry it.
 */
export function changeBody(
  kind: OrderKind,
  action: ChangeAction,
  p: ChangePayload,
  password?: string,
): Record<string, unknown> {
  if (action === "suspend" || action === "resume") {
    if (kind === "grommunio_domain") return { domainStatus: action === "suspend" ? 1 : 0 };
    return { status: action === "suspend" ? "disabled" : "enabled" };
  }
  if (action === "delete") return p.purge ? { purge: true, ...(p.deleteFiles ? { deleteFiles: true } : {}) } : {};
  const pair = PASSWORD_PAIRS[kind];
  if (pair && password !== undefined) return { ...p.set, [pair.password]: password, [pair.confirmation]: password };
  return p.set ?? {};
}
