// grommunio domain: POST /system/domains?createRole=… with a `domainWrite` body (docs/upstream/grommunio.md
// §5). Field names are the upstream's, so its errors land on the right form fields.
// Portal-only fields: `createRole` (sent as the query parameter) and `homeserverOrderId` (a
// server ordered through the portal; the worker swaps in its upstream ID once it exists).
import { z } from "zod";
import { isCalendarDate } from "@/lib/forms/calendar-date";
import { toIdnaAscii, toUnicode } from "@/lib/forms/idna";
import { v } from "@/lib/i18n/validation";
import { whenValid } from "./cross-field";
import { optionalBool, optionalInt, optionalIntEnum, optionalText, requiredInt, requiredText } from "./form-input";
import { grommunioDomainDefaults, grommunioDomainSections } from "./grommunio-domain-fields";
import { storedSyncPolicySchema, syncPolicySchema } from "./sync-policy";
import { compact, type OrderKindDefinition } from "./types";

const UINT32_MAX = 4_294_967_295;

// grommunio's spec allows 64 characters (`domainCommon.domainname`), counted on the name it stores,
// the encoded one (docs/upstream/grommunio.md §5). Encoding never shortens a name (each character of
// the composed name is written at least once, plus "xn--"), so a longer typed name is refused at once
// with that limit; one that fits is measured again once encoded. The text check has no limit of its
// own: a lower one than 64 would be wrong, a higher one would name a limit that does not bind.
const DOMAIN_NAME_MAX = 64;

const domainname = requiredText(Number.MAX_SAFE_INTEGER, v("domainNameMissing")).transform((value, ctx) => {
  if ([...value.normalize("NFC")].length > DOMAIN_NAME_MAX) {
    ctx.addIssue({ code: "custom", message: v("domainNameTooLong", { max: DOMAIN_NAME_MAX }) });
    return z.NEVER;
  }
  const result = toIdnaAscii(value, { maxLength: DOMAIN_NAME_MAX });
  if (!result.ok) {
    ctx.addIssue({ code: "custom", message: result.error });
    return z.NEVER;
  }
  return result.ascii;
});

// The upstream only checks the pattern, then fails with a 503 on a day that does not exist.
const endDay = optionalText(Number.MAX_SAFE_INTEGER, "endDay").refine((v) => v === undefined || isCalendarDate(v), {
  message: v("endDayDate"),
});

const homeserver = z.preprocess(
  (v) => (v === "" ? undefined : v === "null" ? null : typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v),
  z
    .number({ error: v("homeserverRange") })
    .int()
    .min(1, v("serverIdMin"))
    .max(255, v("serverIdMax"))
    .nullable()
    .optional(),
);

const homeserverOrderId = optionalText(36, "serverOrder").refine(
  (v) => v === undefined || z.uuid().safeParse(v).success,
  { message: v("serverOrderFromList") },
);

const shape = {
  domainname,
  maxUser: requiredInt({
    min: 0,
    max: UINT32_MAX,
    message: v("wholeFromTo", { min: 0, max: UINT32_MAX }),
    required: v("maxUserMissing"),
  }),
  orgID: optionalInt({ min: 0, max: UINT32_MAX, message: v("orgIdMin") }),
  title: optionalText(128, "title"),
  address: optionalText(128, "address"),
  adminName: optionalText(32, "adminName"),
  tel: optionalText(64, "tel"),
  endDay,
  // Stored orders and the upstream know four states; a new domain can only start normal or suspended.
  domainStatus: optionalIntEnum([0, 1, 2, 3], v("domainStatusChoice")),
  // As stored: a form or the API sends the policy of formBase, below.
  syncPolicy: storedSyncPolicySchema.optional(),
  chat: optionalBool(),
  homeserver,
  homeserverOrderId,
  createRole: optionalBool(),
};

const base = z.object(shape);
type Base = z.output<typeof base>;

function checkHomeserver(value: Base, ctx: z.RefinementCtx) {
  if (value.homeserverOrderId !== undefined && value.homeserver != null) {
    ctx.addIssue({
      code: "custom",
      path: ["homeserverOrderId"],
      message: v("oneHomeServer"),
    });
  }
}

// orgID is an admin's per-reseller setting that placeOrder() writes into the payload
// (docs/security.md): the form never carries it, so a value a reseller sends is dropped.
// A typed policy keeps to the limits a person can see (a lock time of at most 9999 seconds,
// sync-policy.ts); a stored one may predate them.
const formBase = base.omit({ orgID: true }).extend({
  domainStatus: optionalIntEnum([0, 1], v("newDomainStatus")),
  syncPolicy: syncPolicySchema.optional(),
});
const HOMESERVER_FIELDS = ["homeserver", "homeserverOrderId"];
// grommunio commits the domain, then fails to turn chat on for one that is not active and answers
// 500 (docs/upstream/grommunio.md §6): the domain would exist suspended and without chat.
function checkChatOnActive(value: { chat?: boolean; domainStatus?: number }, ctx: z.RefinementCtx) {
  if (value.chat === true && (value.domainStatus ?? 0) !== 0)
    ctx.addIssue({ code: "custom", path: ["chat"], message: v("chatOnSuspendedStart") });
}
const grommunioDomainFormSchema = formBase
  .superRefine(checkHomeserver, whenValid(formBase, HOMESERVER_FIELDS))
  .superRefine(checkChatOnActive, whenValid(formBase, ["chat", "domainStatus"]));
// A stored order always names its server: placeOrder() fills an empty field with one of the
// reseller's servers or refuses, because grommunio reads "no server" as its automatic
// placement over every server it has, other resellers' included (docs/security.md). An order
// stored without one (from before that rule) is not sent; it fails and can be resubmitted.
function checkStoredHomeserver(value: Base, ctx: z.RefinementCtx) {
  checkHomeserver(value, ctx);
  if (value.homeserver == null && value.homeserverOrderId === undefined)
    ctx.addIssue({ code: "custom", path: ["homeserver"], message: "A stored grommunio domain names its home server" });
}
const grommunioDomainPayloadSchema = base.superRefine(checkStoredHomeserver, whenValid(base, HOMESERVER_FIELDS));
export type GrommunioDomainForm = z.output<typeof grommunioDomainFormSchema>;
export type GrommunioDomainPayload = z.output<typeof grommunioDomainPayloadSchema>;

/** For the worker: the payload with the portal server order replaced by that server's upstream ID. */
function withResolvedHomeserver(payload: GrommunioDomainPayload, serverId: number): GrommunioDomainPayload {
  const { homeserverOrderId: _resolved, ...rest } = payload;
  return { ...rest, homeserver: serverId };
}

function toUpstream(payload: GrommunioDomainPayload) {
  if (payload.homeserverOrderId !== undefined) {
    throw new Error("homeserverOrderId must be resolved (dependency.resolve) before the request is built");
  }
  const { createRole, homeserverOrderId: _portalOnly, ...fields } = payload;
  // Only the literal "true" creates a role upstream; the reference example always sends the parameter.
  return { body: compact(fields), query: { createRole: createRole ? "true" : "false" } };
}

export const grommunioDomain: OrderKindDefinition<"grommunio_domain", GrommunioDomainForm, GrommunioDomainPayload> = {
  kind: "grommunio_domain",
  provider: "grommunio",
  label: "grommunio domain",
  description: "Create a domain on grommunio, with its user limit, company data and ActiveSync policy.",
  formSchema: grommunioDomainFormSchema,
  payloadSchema: grommunioDomainPayloadSchema,
  secretFields: [],
  split: (form) => ({ payload: compact(form) as GrommunioDomainPayload, secrets: {} }),
  // The upstream's duplicate check is case-insensitive on the encoded name.
  naturalKey: (payload) => payload.domainname.toLowerCase(),
  displayName: (payload) => toUnicode(payload.domainname),
  toUpstream,
  dependency: { awaitedOrderId: (payload) => payload.homeserverOrderId, resolve: withResolvedHomeserver },
  fieldSections: grommunioDomainSections,
  defaults: grommunioDomainDefaults,
};

/** The fields' rules, for the service change schemas (lib/services/change-kinds.ts). */
export const grommunioDomainShape = shape;
