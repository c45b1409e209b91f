// The reseller API's request and answer shapes (docs/api.md). Request bodies reuse the forms'
// schemas (customerSchema, each order kind's formSchema) so the API and the browser accept the
// same input; the OpenAPI document (openapi.ts) is generated from these very schemas.
import { z } from "zod";
import { customerSchema } from "@/lib/customers/schemas";
import { hasControlChars } from "@/lib/forms/control-chars";
import { ORDER_KINDS, type OrderKindName, orderKinds } from "@/lib/orders/schemas";
import { ORDER_STATUSES } from "@/lib/orders/vocabulary";
import { decodeCursor } from "@/lib/pagination/cursor";
import { CUSTOMER_CURSOR_MAX, fromCustomerCursor } from "./customer-cursor";

const isoDate = z.iso.datetime({ offset: true }).meta({ description: "ISO 8601 time, UTC" });
const nullableString = z.string().nullable();

// What a client sent wrong, said as what to send: the API answers in English (docs/api.md
// "Requests and answers"), so these are written here rather than left to zod's defaults
// ("Invalid UUID", "expected number, received NaN"), which name neither the rule nor the fix.
const oneOf = (name: string, values: readonly string[]) => `Send ${name} as one of: ${values.join(", ")}.`;
const CUSTOMER_ID = "Send the id of one of your customers (a UUID from GET /api/v1/customers).";
const customerIdField = z.uuid({ error: CUSTOMER_ID });

/** A list's page size: the bounds listOrdersForReseller and the other lists apply. */
const LIST_LIMIT = { min: 1, max: 200, default: 50 } as const;
const LIMIT_MESSAGE = `Send a whole number from ${LIST_LIMIT.min} to ${LIST_LIMIT.max}.`;
const listLimit = z.coerce
  .number({ error: LIMIT_MESSAGE })
  .int(LIMIT_MESSAGE)
  .min(LIST_LIMIT.min, LIMIT_MESSAGE)
  .max(LIST_LIMIT.max, LIMIT_MESSAGE)
  .optional()
  .meta({ description: `${LIST_LIMIT.min}–${LIST_LIMIT.max}, default ${LIST_LIMIT.default}` });

export const problemSchema = z
  .object({
    type: z.string().meta({ description: "A URI naming the kind of problem" }),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional().meta({ description: "What to change to make the request succeed" }),
    errors: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .meta({ description: "Messages per request body field (nested fields dotted, e.g. `fields.name`)" }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

export const customerBodySchema = customerSchema.meta({ id: "CustomerInput" });

export const customerSchemaOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: nullableString,
    reference: nullableString.meta({ description: "Your own customer number" }),
    notes: nullableString,
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "Customer" });

export const customerListSchema = z
  .object({
    data: z.array(customerSchemaOut.omit({ notes: true, updatedAt: true })),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }),
  })
  .meta({ id: "CustomerList" });

const kindEnum = z.enum(ORDER_KINDS as [OrderKindName, ...OrderKindName[]], {
  error: oneOf("kind", ORDER_KINDS),
});
const statusEnum = z.enum(ORDER_STATUSES, { error: oneOf("status", ORDER_STATUSES) });
const ORDER_ACTIONS = ["create", "change", "suspend", "resume", "delete"] as const;
const actionEnum = z.enum(ORDER_ACTIONS, { error: oneOf("action", ORDER_ACTIONS) }).meta({
  description: "`create`, or what the order does to its service: `change`, `suspend`, `resume`, `delete`",
});

function placeOrderVariant(kind: OrderKindName) {
  return z
    .object({
      kind: z.literal(kind),
      customerId: customerIdField.meta({ description: "One of your customers" }),
      fields: orderKinds[kind].formSchema.meta({ description: orderKinds[kind].description }),
    })
    .meta({ id: `PlaceOrder_${kind}`, title: orderKinds[kind].label });
}

const [firstKind, ...otherKinds] = ORDER_KINDS;
if (!firstKind) throw new Error("No order kinds registered");

// A `kind` missing or not one of the kinds (the union's own refusal, whatever the body holds).
const KIND_ERROR = { error: oneOf("kind", ORDER_KINDS) };

/** One variant per order kind; `fields` is exactly what that kind's order form submits. */
export const placeOrderBodySchema = z
  .discriminatedUnion("kind", [placeOrderVariant(firstKind), ...otherKinds.map(placeOrderVariant)], KIND_ERROR)
  .meta({ id: "PlaceOrder" });

function placeOrderEnvelope(kind: OrderKindName) {
  return z.object({ kind: z.literal(kind), customerId: customerIdField, fields: z.unknown() });
}

/**
 * What POST /orders checks before placing: the same variants as placeOrderBodySchema (so the
 * same messages for `kind` and `customerId`), with `fields` left to placeOrder, which parses them
 * with the kind's form schema once (tests/unit/place-order-envelope.test.ts holds the two alike).
 */
export const placeOrderEnvelopeSchema = z.discriminatedUnion(
  "kind",
  [placeOrderEnvelope(firstKind), ...otherKinds.map(placeOrderEnvelope)],
  KIND_ERROR,
);

const CHANGE_ACTIONS = ["change", "suspend", "resume", "delete"] as const;

export const serviceChangeBodySchema = z
  .object({
    action: z.enum(CHANGE_ACTIONS, { error: oneOf("action", CHANGE_ACTIONS) }).meta({
      description: "What to do; the service's kind decides which actions it offers (see the service page)",
    }),
    set: z
      .record(z.string(), z.unknown(), { error: "Send set as an object of field names and values." })
      .optional()
      .meta({
        description:
          "For `change`: only the settings to change, with the same names and rules as the service page's form " +
          "(e.g. `maxUser` for a grommunio domain, `max_email_accounts` for a Qboxmail domain; a Qboxmail manager " +
          "also takes `max_delivery_domains` and `max_delivery_accounts`, which only a change sets, -1 = no limit; a grommunio " +
          "server takes `hostname` and `extname`, and a new `hostname` is refused while users or domains are homed on the " +
          "server or another server or open server order of the portal has that name, compared without case; a grommunio " +
          "domain's `syncPolicy` takes the keys to change, merged into its policy, or `null` to remove its own policy). Outside " +
          '`syncPolicy`, `null` empties a setting that `""` empties (a text, `endDay`, a list) and is refused, naming the setting, on any other. A new password ' +
          "comes as a pair: `postmaster_password` and `postmaster_password_confirmation` for a Qboxmail domain, " +
          "`password` and `password_confirmation` for a Qboxmail manager; it is sealed on the order and never echoed",
      }),
    confirmName: z
      .string({ error: "Send confirmName as text: the service's name, as the service page shows it." })
      .max(255, "Send the service's name in confirmName: at most 255 characters.")
      .optional()
      .meta({ description: "For `delete`: the service's name, typed out, as the page asks for it" }),
    purge: z.boolean({ error: "Send purge as true or false, or leave it out." }).optional().meta({
      description:
        "A reseller's delete is always soft (grommunio keeps the name taken); `true` is refused with 403: purging is an administrator's decision",
    }),
  })
  .meta({ id: "ServiceChange" });

export const cancelOrderBodySchema = z
  .object({
    reason: z
      .string({ error: "Send the reason as text" })
      .max(500, "Use at most 500 characters")
      .refine((s) => !hasControlChars(s, true), "Remove the control characters from the reason")
      .optional()
      .meta({ description: "Kept in the order's audit trail; line breaks allowed, other control characters not" }),
  })
  .meta({ id: "CancelOrder" });

const orderSummarySchema = z
  .object({
    id: z.uuid(),
    kind: kindEnum,
    action: actionEnum,
    serviceId: z.uuid().nullable().meta({
      description:
        "The service this order changes, or the one its create brought; null for a create not (yet) succeeded",
    }),
    status: statusEnum,
    customerId: z.uuid(),
    customerName: z.string(),
    naturalKey: z.string().meta({ description: "Domain name, e-mail address or host name, lower case" }),
    displayName: z.string(),
    upstreamRef: nullableString.meta({ description: "The provider's reference once provisioned" }),
    attemptCount: z.int(),
    lastError: nullableString,
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "OrderSummary" });

export const orderListSchema = z
  .object({
    data: z.array(orderSummarySchema),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }),
  })
  .meta({ id: "OrderList" });

const timelineEntrySchema = z
  .object({
    at: isoDate,
    action: z.string().meta({
      description:
        "`order.placed`, `order.<new status>`, `order.server_replaced` (a domain order waiting for a server order now waits for the order that resubmitted it; `status` null), or `order.look_up_first` (the portal was restored from a backup: the create is looked up at the provider before it is sent again; `status` as it was)",
    }),
    status: statusEnum.nullable(),
    actor: z.enum(["user", "worker", "system"]),
    actorLabel: nullableString,
    reason: nullableString,
  })
  .meta({ id: "TimelineEntry" });

export const orderSchemaOut = orderSummarySchema
  .omit({ customerName: true })
  .extend({
    customerName: z.string(),
    fields: z.record(z.string(), z.unknown()).meta({ description: "The order as stored, without passwords" }),
    fieldErrors: z.record(z.string(), z.array(z.string())).nullable(),
    finishedAt: isoDate.nullable(),
    timeline: z.array(timelineEntrySchema),
  })
  .meta({ id: "Order" });

/**
 * A search term: no control characters, which no name holds and Postgres cannot compare (U+0000
 * fails the statement), so such a term is a 400 that says so rather than a 500.
 */
function searchTerm(max: number) {
  return z
    .string()
    .max(max, `Send a search term of at most ${max} characters.`)
    .refine((v) => !hasControlChars(v), "Remove the control characters from the search term");
}

/**
 * A list answer's `nextCursor`. One that cannot be read (cut short, edited) is refused rather than
 * read as "from the top", which would send a client paging through it round the list forever.
 */
const UNREADABLE_CURSOR = "This cursor cannot be read: pass a list answer's nextCursor as it came";
const listCursor = z
  .string()
  .max(200, UNREADABLE_CURSOR)
  .refine((c) => decodeCursor(c) !== undefined, UNREADABLE_CURSOR)
  .optional()
  .meta({ description: "A list answer's `nextCursor`, as it came" });

export const orderListQuerySchema = z.strictObject({
  status: statusEnum.optional(),
  kind: kindEnum.optional(),
  action: actionEnum.optional(),
  customerId: customerIdField.optional(),
  serviceId: z
    .uuid({ error: "Send the id of one of your services (a UUID from GET /api/v1/services)." })
    .optional()
    .meta({ description: "Only this service's orders: its create and every later one" }),
  q: searchTerm(253).optional().meta({
    description:
      "A fragment of the order's name (either spelling) or of its customer's name, or an exact provider reference",
  }),
  cursor: listCursor,
  limit: listLimit,
});

export const customerListQuerySchema = z.strictObject({
  q: searchTerm(120).optional().meta({ description: "Part of the name or reference" }),
  cursor: z
    .string()
    .max(CUSTOMER_CURSOR_MAX, UNREADABLE_CURSOR)
    .refine((c) => fromCustomerCursor(c) !== undefined, UNREADABLE_CURSOR)
    .optional()
    .meta({ description: "A list answer's `nextCursor`, as it came" }),
  limit: listLimit,
});

export const idParamSchema = z.object({ id: z.string().meta({ description: "The resource's id (UUID)" }) });

const serviceSchemaOut = z
  .object({
    id: z.uuid(),
    kind: kindEnum,
    provider: z.enum(["qboxmail", "grommunio"]),
    status: z.enum(["active", "deleted", "gone"]).meta({ description: "`gone`: no longer found at the provider" }),
    upstreamRef: z.string().meta({ description: "The provider's reference" }),
    naturalKey: z.string(),
    displayName: z.string(),
    upstreamState: nullableString.meta({
      description:
        "Last state read from the provider, in the portal's words: `active`, `active_mx_to_fix` (a Qboxmail domain " +
        "that works but whose MX records Qboxmail says need updating or verifying), `ownership_check`, `suspended`, " +
        "`disabled`, `soft_deleted`, `deleting`, `missing`, `in_progress`; null before the first read",
    }),
    readAt: isoDate.nullable(),
    createdAt: isoDate,
    customerId: z.uuid(),
    customerName: z.string(),
  })
  .meta({ id: "Service" });

export const serviceDetailSchemaOut = serviceSchemaOut
  .extend({
    settings: z.record(z.string(), z.unknown()).meta({
      description:
        "The service's settings as read from the provider now (as last read when the provider cannot be read: " +
        "see `readAt`), under the names a change's `set` takes where a change can set them; never a password",
    }),
  })
  .meta({ id: "ServiceDetail" });

export const serviceListSchema = z
  .object({
    data: z.array(serviceSchemaOut),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }),
  })
  .meta({ id: "ServiceList" });

const SERVICE_STATUSES = ["active", "deleted", "gone"] as const;

export const serviceListQuerySchema = z.strictObject({
  status: z
    .enum(SERVICE_STATUSES, { error: oneOf("status", SERVICE_STATUSES) })
    .optional()
    .meta({ description: "Default `active`" }),
  kind: kindEnum.optional(),
  customerId: customerIdField.optional(),
  q: searchTerm(100).optional().meta({
    description:
      "Part of the service's name, the start of its ASCII name, part of its customer's name, or a provider reference (any case)",
  }),
  cursor: listCursor,
  limit: listLimit,
});

const WEBHOOK_EVENT_WORDS = "an event type (docs/webhooks.md): `order.placed`, `order.<status>` or `service.<what>`";

const webhookEndpointSchemaOut = z
  .object({
    id: z.uuid(),
    address: z.string().meta({
      description:
        "The endpoint's scheme and host: its path and query are left out, since a receiver's address may carry a token",
    }),
    description: nullableString,
    events: z.array(z.string()).meta({ description: `What the endpoint is sent, each ${WEBHOOK_EVENT_WORDS}` }),
    state: z.enum(["active", "failing", "disabled"]).meta({
      description:
        "`failing`: deliveries have failed since `failingSince`; `disabled`: turned off (by a person, a password " +
        "change, or after failing too long: `disabledReason`), its deliveries wait until it is turned back on in the portal",
    }),
    failingSince: isoDate.nullable(),
    disabledAt: isoDate.nullable(),
    disabledReason: nullableString,
    failedDeliveries: z.number().int().meta({
      description:
        "How many of its deliveries failed and can be resent, counted up to 1,000 (see `failedDeliveriesMore`)",
    }),
    failedDeliveriesMore: z.boolean().meta({ description: "More than 1,000 failed" }),
    createdAt: isoDate,
  })
  .meta({ id: "WebhookEndpoint" });

/** GET /webhooks takes no parameter; one sent is refused, as on every list (query.ts). */
export const webhookListQuerySchema = z.strictObject({});

export const webhookEndpointListSchema = z
  .object({ data: z.array(webhookEndpointSchemaOut) })
  .meta({ id: "WebhookEndpointList" });

const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const deliveryListQuerySchema = z.strictObject({
  status: z
    .enum(DELIVERY_STATUSES, { error: oneOf("status", DELIVERY_STATUSES) })
    .optional()
    .meta({ description: "Only the deliveries of this status; all by default" }),
  cursor: listCursor,
  limit: listLimit,
});

const webhookDeliverySchemaOut = z
  .object({
    id: z.uuid().meta({ description: "The delivery's id: the `webhook-id` header of every request it makes" }),
    orderId: z.uuid().nullable(),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int().meta({ description: "Requests made in its current round of retries" }),
    nextAttemptAt: isoDate.nullable().meta({
      description:
        "When it is tried next (a time already past: due now); null when not pending, or while its endpoint is turned off",
    }),
    lastAttemptAt: isoDate.nullable(),
    lastStatusCode: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The receiver's last HTTP status; null when none came" }),
    lastError: nullableString,
    createdAt: isoDate,
    deliveredAt: isoDate.nullable(),
  })
  .meta({ id: "WebhookDelivery" });

export const webhookDeliveryListSchema = z
  .object({
    data: z.array(webhookDeliverySchemaOut),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` for the next (older) page; null on the last" }),
  })
  .meta({ id: "WebhookDeliveryList" });

export const deliveryParamsSchema = z.object({
  id: z.string().meta({ description: "The endpoint's id (UUID)" }),
  deliveryId: z.string().meta({ description: "The delivery's id (UUID)" }),
});

export const resentSchemaOut = z
  .object({ id: z.uuid(), status: z.literal("pending") })
  .meta({ id: "WebhookDeliveryResent" });
