// The OpenAPI 3.1 document of the reseller API, generated from the zod schemas the handlers
// use (schemas.ts and the forms' own schemas), so the document cannot drift from the rules.
// A test walks app/api/v1 and fails when a route is missing here, and checks every answer the
// tests receive against the responses listed here.
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import {
  cancelOrderBodySchema,
  customerBodySchema,
  customerListQuerySchema,
  customerListSchema,
  customerSchemaOut,
  deliveryListQuerySchema,
  deliveryParamsSchema,
  idParamSchema,
  orderListQuerySchema,
  orderListSchema,
  orderSchemaOut,
  placeOrderBodySchema,
  problemSchema,
  resentSchemaOut,
  serviceChangeBodySchema,
  serviceDetailSchemaOut,
  serviceListQuerySchema,
  serviceListSchema,
  webhookDeliveryListSchema,
  webhookEndpointListSchema,
  webhookListQuerySchema,
} from "./schemas";
import type { ApiScope } from "./scopes";

const rateHeaders = {
  "RateLimit-Limit": { description: "Requests allowed per window", schema: { type: "string" } },
  "RateLimit-Remaining": { description: "Requests left in this window", schema: { type: "string" } },
  "RateLimit-Reset": { description: "Seconds until the window resets", schema: { type: "string" } },
  "RateLimit-Policy": { description: "Limit and window, e.g. `120;w=60`", schema: { type: "string" } },
} as const;

const problemContent = { "application/problem+json": { schema: problemSchema } };
const problemResponse = (description: string, extraHeaders = {}) => ({
  description,
  headers: { ...rateHeaders, ...extraHeaders },
  content: problemContent,
});

const common: ZodOpenApiResponsesObject = {
  "401": problemResponse("No token, or one that is unknown, revoked or expired"),
  "403": problemResponse("The token lacks the scope this operation needs"),
  "429": problemResponse("Rate limit reached; wait `Retry-After` seconds", {
    "Retry-After": { description: "Seconds to wait", schema: { type: "string" } },
  }),
  "500": problemResponse("The portal failed on its side: repeat the request after a few seconds"),
};

/** The 500 of the three requests that read an Idempotency-Key (lib/api/handler.ts `idempotencyKey`). */
const keyed500 = problemResponse(
  "The portal failed on its side: repeat the request after a few seconds with the same Idempotency-Key, which answers with what the first request placed if it got that far, never placing twice",
);

const ok = (description: string, schema: z.ZodType, extra: Record<string, unknown> = {}) => ({
  description,
  headers: { ...rateHeaders, ...extra },
  content: { "application/json": { schema } },
});

function op(
  scope: ApiScope,
  summary: string,
  responses: ZodOpenApiResponsesObject,
  more: Partial<ZodOpenApiOperationObject> = {},
): ZodOpenApiOperationObject {
  return {
    summary,
    description: `${more.description ? `${more.description}\n\n` : ""}Scope: \`${scope}\`.`,
    security: [{ bearer: [scope] }],
    ...more,
    // An operation may say more about a common status (e.g. the changes route's 403).
    responses: { ...common, ...responses },
  } as ZodOpenApiOperationObject;
}

const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } }, required: true });
const location = { Location: { description: "The resource's address", schema: { type: "string" } } };
/** The Idempotency-Key header of a request that creates `what` (lib/orders/idempotency-key.ts). */
function idempotencyHeader(what: string, opts: { optional?: boolean } = {}) {
  const key = z.string().min(8).max(100);
  const description = `8–100 characters without control characters, unique per ${what}`;
  return z.object({
    "idempotency-key": opts.optional
      ? key.optional().meta({ description: `Optional; ${description}` })
      : key.meta({ description }),
  });
}

/** A customer's version (lib/api/customers.ts customerEtag), for a later PUT's If-Match. */
const etag = {
  ETag: {
    description: 'The customer\'s version, e.g. `"1767225600123"`: send it as `If-Match` on a PUT',
    schema: { type: "string" },
  },
};

/** A service's settings version (lib/services/settings-version.ts), for a change's If-Match. */
const settingsEtag = {
  ETag: {
    description:
      'The version of the service\'s settings, e.g. `"3f9a0c41d2e87b6a5c10"`: send it as `If-Match` on a change',
    schema: { type: "string" },
  },
};

/** On the answer to a request repeated with the same Idempotency-Key. */
const replayed = {
  ...location,
  "Idempotent-Replayed": {
    description: "`true`: this answers an earlier request with the same Idempotency-Key; nothing new was placed",
    schema: { type: "string", enum: ["true"] },
  },
};

export function apiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Mail reseller portal API",
      version: "1",
      description:
        "Order hosted e-mail for your customers from your own systems, with the rules of the portal. " +
        "Authenticate with `Authorization: Bearer <token>` (create tokens under API access). " +
        "Errors are RFC 9457 problem details. Every operation's answer carries RateLimit headers. A method " +
        "a path does not take is answered 405 with `Allow` listing those it does.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token (`mrp_…`)" } },
    },
    paths: {
      "/customers": {
        get: op(
          "customers:read",
          "List customers",
          {
            "200": ok("Customers by name", customerListSchema),
            "400": problemResponse("A query parameter is not valid"),
          },
          { requestParams: { query: customerListQuerySchema } },
        ),
        post: op(
          "customers:write",
          "Create a customer",
          {
            "201": ok("Created", customerSchemaOut, { ...location, ...etag }),
            "500": keyed500,
            "200": ok("This Idempotency-Key was used before: the customer it created", customerSchemaOut, {
              ...replayed,
              ...etag,
            }),
            "400": problemResponse("The body is not JSON or not valid UTF-8, or an unusable Idempotency-Key"),
            "413": problemResponse("The body is larger than 64 KiB"),
            "415": problemResponse("The body is not sent as JSON, or not in UTF-8"),
            "422": problemResponse(
              "Field errors (`errors`), e.g. a name you already use; or an Idempotency-Key used for another customer",
            ),
          },
          {
            description:
              "Send an `Idempotency-Key` to make the request safe to repeat: the same key with the same " +
              "fields answers the customer it created (200), never a refusal of the name.",
            requestParams: {
              header: idempotencyHeader("customer", { optional: true }),
            },
            requestBody: json(customerBodySchema),
          },
        ),
      },
      "/customers/{id}": {
        get: op(
          "customers:read",
          "Get a customer",
          {
            "200": ok("The customer", customerSchemaOut, etag),
            "404": problemResponse("No customer of yours has this id"),
          },
          { requestParams: { path: idParamSchema } },
        ),
        put: op(
          "customers:write",
          "Replace a customer's details",
          {
            "200": ok("Updated; fields left out are cleared", customerSchemaOut, etag),
            "400": problemResponse("The body is not JSON, or not valid UTF-8"),
            "404": problemResponse("No customer of yours has this id"),
            "412": problemResponse(
              "`If-Match` names another version: the customer changed since you read it. Nothing was " +
                "written; `ETag` and the detail name its version now. GET it, apply your change again, resend.",
              etag,
            ),
            "413": problemResponse("The body is larger than 64 KiB"),
            "415": problemResponse("The body is not sent as JSON, or not in UTF-8"),
            "422": problemResponse("Field errors (`errors`)"),
          },
          {
            description:
              "Send `If-Match` with the `ETag` of the GET you edited, so the PUT cannot undo a change " +
              "someone made meanwhile: it is refused with 412 when the customer changed since. Without " +
              "`If-Match` (or with `*`) the PUT replaces whatever the customer holds.",
            requestParams: {
              path: idParamSchema,
              header: z.object({
                "if-match": z
                  .string()
                  .optional()
                  .meta({ description: "Optional; the customer's `ETag` as a GET or an earlier PUT answered it" }),
              }),
            },
            requestBody: json(customerBodySchema),
          },
        ),
      },
      "/orders": {
        get: op(
          "orders:read",
          "List orders, newest first",
          {
            "200": ok("One page of orders", orderListSchema),
            "400": problemResponse("A query parameter is not valid"),
          },
          { requestParams: { query: orderListQuerySchema } },
        ),
        post: op(
          "orders:write",
          "Place an order",
          {
            "201": ok("Placed", orderSchemaOut, location),
            "500": keyed500,
            "200": ok("This Idempotency-Key was used before: the order it placed", orderSchemaOut, replayed),
            "400": problemResponse("Missing Idempotency-Key, or a body that is not JSON"),
            "409": problemResponse("Your account's limit for this kind is reached"),
            "413": problemResponse("The body is larger than 64 KiB"),
            "415": problemResponse("The body is not sent as JSON, or not in UTF-8"),
            "422": problemResponse(
              "Field errors (`errors`; the order's own fields as `fields.<name>`), a body that is no JSON object, or an Idempotency-Key already used for another request",
            ),
          },
          {
            description:
              "`fields` takes exactly what the portal's order form for that kind takes. Repeat a request " +
              "with the same `Idempotency-Key` and you get the first order back, never a second one.",
            requestParams: {
              header: idempotencyHeader("order"),
            },
            requestBody: json(placeOrderBodySchema),
          },
        ),
      },
      "/orders/{id}": {
        get: op(
          "orders:read",
          "Get an order with its timeline",
          {
            "200": ok("The order", orderSchemaOut),
            "404": problemResponse("No order of yours has this id"),
          },
          { requestParams: { path: idParamSchema } },
        ),
      },
      "/services": {
        get: op(
          "services:read",
          "List services, newest first",
          {
            "200": ok("One page of services", serviceListSchema),
            "400": problemResponse("A query parameter is not valid"),
          },
          { requestParams: { query: serviceListQuerySchema } },
        ),
      },
      "/services/{id}": {
        get: op(
          "services:read",
          "Get a service",
          {
            "200": ok("The service", serviceDetailSchemaOut, settingsEtag),
            "404": problemResponse("No service of yours has this id"),
          },
          {
            description:
              "Reads the service from its provider now, as the service page does; when the provider cannot be " +
              "read, the answer is the last reading and `readAt` says when it was made.",
            requestParams: { path: idParamSchema },
          },
        ),
      },
      "/services/{id}/changes": {
        post: op(
          "services:write",
          "Change, suspend, resume or delete a service",
          {
            "202": ok("Placed as a change order; follow it at `Location`", orderSchemaOut, location),
            "500": keyed500,
            "200": ok("This Idempotency-Key was used before: the change order it placed", orderSchemaOut, replayed),
            "400": problemResponse("Missing Idempotency-Key, or a body that is not JSON"),
            "403": problemResponse(
              "The token lacks the scope this operation needs, or the request asks for a purge (an administrator's decision)",
            ),
            "404": problemResponse("No service of yours has this id"),
            "409": problemResponse(
              "Another change to this service is still running, the service has ended, a delete of a " +
                "server or domain while orders bound for it are open, a suspend of a Qboxmail domain still " +
                "waiting for its ownership check, or `If-Match` cannot be checked now (a change went through " +
                "since the last reading and the provider does not answer: send it again shortly)",
            ),
            "412": problemResponse(
              "`If-Match` names another version: the service's settings changed since you read them. Nothing " +
                "was placed; `ETag` and the detail name their version now. GET the service, apply your change " +
                "again, resend.",
              settingsEtag,
            ),
            "413": problemResponse("The body is larger than 64 KiB"),
            "415": problemResponse("The body is not sent as JSON, or not in UTF-8"),
            "422": problemResponse(
              "Field errors (`errors`; settings as `set.<name>`), an action this kind does not offer, a wrong `confirmName`, " +
                "or a body that is no JSON object, or an Idempotency-Key already used for another request",
            ),
          },
          {
            description:
              "Each change is an order through the same pipeline as a create: it is retried, reconciled and " +
              "audited, and never takes effect twice. Deletes are soft (grommunio keeps the name taken). " +
              "Send `If-Match` with the `ETag` of the GET you started from, so a change cannot undo one made " +
              "meanwhile (in the portal, through the API or in the provider's own panel): the provider is read " +
              "again and the request is refused with 412 when the settings are no longer at that version. " +
              "Without `If-Match` (or with `*`) the request is placed as sent; `set` replaces a list whole.",
            requestParams: {
              path: idParamSchema,
              header: idempotencyHeader("change").extend({
                "if-match": z
                  .string()
                  .optional()
                  .meta({ description: "Optional; the service's `ETag` as `GET /services/{id}` answered it" }),
              }),
            },
            requestBody: json(serviceChangeBodySchema),
          },
        ),
      },
      "/webhooks": {
        get: op(
          "webhooks:read",
          "List webhook endpoints, newest first",
          {
            "200": ok(
              "Every endpoint of yours, each with how many of its deliveries failed and can be resent; never a signing secret",
              webhookEndpointListSchema,
            ),
            "400": problemResponse("A query parameter was sent: this list takes none"),
          },
          { requestParams: { query: webhookListQuerySchema } },
        ),
      },
      "/webhooks/{id}/deliveries": {
        get: op(
          "webhooks:read",
          "List an endpoint's deliveries, newest first",
          {
            "200": ok("One page of deliveries", webhookDeliveryListSchema),
            "400": problemResponse("A query parameter is not valid"),
            "404": problemResponse("No webhook endpoint of yours has this id"),
          },
          {
            description:
              "Each delivery's `id` is the `webhook-id` its requests carry. `status=failed` lists those that gave up " +
              "and wait for a resend.",
            requestParams: { path: idParamSchema, query: deliveryListQuerySchema },
          },
        ),
      },
      "/webhooks/{id}/deliveries/{deliveryId}/resend": {
        post: op(
          "webhooks:write",
          "Send a delivery again",
          {
            "200": ok("Due now, with a fresh round of retries and the same `webhook-id`", resentSchemaOut),
            "404": problemResponse("No webhook endpoint of yours has this id, or it has no delivery with this id"),
            "409": problemResponse("The endpoint is turned off: turn it back on in the portal first"),
          },
          {
            description:
              "As the endpoint page's Resend: any delivery, also one that succeeded. Repeating it is harmless: a " +
              "receiver deduplicates on `webhook-id`.",
            requestParams: { path: deliveryParamsSchema },
          },
        ),
      },
      "/orders/{id}/cancel": {
        post: op(
          "orders:write",
          "Cancel an order that has not started",
          {
            "200": ok("Cancelled", orderSchemaOut),
            "400": problemResponse("The body is not JSON, or not valid UTF-8"),
            "404": problemResponse("No order of yours has this id"),
            "409": problemResponse(
              "The order has started or finished and can no longer be cancelled; `detail` says how to undo its result",
            ),
            "413": problemResponse("The body is larger than 64 KiB"),
            "415": problemResponse("The body is not sent as JSON, or not in UTF-8"),
            "422": problemResponse("Field errors (`errors`)"),
          },
          {
            requestParams: { path: idParamSchema },
            requestBody: { content: { "application/json": { schema: cancelOrderBodySchema } }, required: false },
          },
        ),
      },
    },
  });
}

let cached: ReturnType<typeof apiDocument> | undefined;
/** Built once per process: the schemas do not change at run time. */
export function apiDocumentCached() {
  cached ??= apiDocument();
  return cached;
}
