// The tenant inventory: every page, route handler and server action under app/, with how the
// isolation suite (tests/e2e/tenant-isolation.test.ts) calls it as a second reseller on the
// first reseller's ids and without a session. tests/unit/tenant-inventory.test.ts fails when
// app/ holds one that is missing here, so nothing new ships unprobed.
//
// HOW TO ADD AN ENTRY (when that test names what is missing):
// - A page or route handler: add `"<route as in app/, e.g. /r/[slug]/things/[id]>": { kind,
//   access, url }` to ROUTES. `url` builds the address from the first reseller's ids (Ids
//   below); `access` says who may use it and so what a stranger must get:
//     "reseller" - the reseller's own users only: a second reseller gets 404, no session a
//                  redirect to /login (pages and routes under /r/, /support, /admin);
//     "staff"    - support/admin only: a reseller gets 404, no session /login;
//     "token"    - the bearer-token API (/api/v1): no token, session or not, gets 401;
//     "public"   - no tenant data (sign-in, health, OpenAPI document): not probed, say why.
// - A server action: add `"<file under app/>#<export name>": { access, page, args }` to
//   ACTIONS. `page` is the address its form posts to; `args` the arguments the form passes
//   (bound ones first), built from the first reseller's ids, with `fd` as the FormData. The
//   suite posts it as the second reseller and without a session; the first reseller's data
//   must stay unchanged and the answer must not be a success. `access: "self"` marks actions on
//   the signed-in person's own account (password, second factor, sessions): they take no
//   tenant id, so only the first reseller's rows staying unchanged is checked.
export type Ids = {
  slug: string;
  resellerId: string;
  customerId: string;
  orderId: string;
  serviceId: string;
  webhookId: string;
  deliveryId: string;
  tokenId: string;
  userId: string;
  shareId: string;
};

export type RouteEntry = {
  kind: "page" | "route";
  access: "reseller" | "staff" | "token" | "public";
  url: (ids: Ids) => string;
  /** The method to probe with, when the handler has no GET. */
  method?: "POST";
  /** For "public": why it holds no tenant data. */
  why?: string;
};

export type ActionEntry = {
  access: "reseller" | "staff" | "admin" | "self";
  page: (ids: Ids) => string;
  args: (ids: Ids, fd: FormData) => unknown[];
  /** Form fields the action reads, filled with the first reseller's ids. */
  form?: (ids: Ids) => Record<string, string>;
};

const r = (path: string) => (ids: Ids) => `/r/${ids.slug}${path}`;
const prev = { ok: false, fieldErrors: {} };

export const ROUTES: Record<string, RouteEntry> = {
  "/": { kind: "page", access: "public", url: () => "/", why: "sends to the sign-in page or the user's home" },
  "/login": { kind: "page", access: "public", url: () => "/login", why: "the sign-in form" },
  "/profile": {
    kind: "page",
    access: "public",
    url: () => "/profile",
    why: "the signed-in user's own language and time zone; takes no ids, shows no tenant data",
  },
  "/api/auth/[...nextauth]": {
    kind: "route",
    access: "public",
    url: () => "/api/auth/csrf",
    why: "next-auth's own endpoints",
  },
  "/api/health/live": { kind: "route", access: "public", url: () => "/api/health/live", why: "liveness probe" },
  "/api/health/ready": { kind: "route", access: "public", url: () => "/api/health/ready", why: "readiness probe" },
  "/api/metrics": { kind: "route", access: "public", url: () => "/api/metrics", why: "counts only, own access rule" },
  "/api/v1/openapi.json": { kind: "route", access: "public", url: () => "/api/v1/openapi.json", why: "API document" },
  "/api/v1/[[...path]]": {
    kind: "route",
    access: "public",
    url: () => "/api/v1/no-such-operation",
    why: "unknown API paths: the same 404 problem for everyone, no data read",
  },
  "/api/v1/customers": { kind: "route", access: "token", url: () => "/api/v1/customers" },
  "/api/v1/customers/[id]": { kind: "route", access: "token", url: (i) => `/api/v1/customers/${i.customerId}` },
  "/api/v1/orders": { kind: "route", access: "token", url: () => "/api/v1/orders" },
  "/api/v1/orders/[id]": { kind: "route", access: "token", url: (i) => `/api/v1/orders/${i.orderId}` },
  "/api/v1/orders/[id]/cancel": {
    kind: "route",
    access: "token",
    method: "POST",
    url: (i) => `/api/v1/orders/${i.orderId}/cancel`,
  },
  "/api/v1/services": { kind: "route", access: "token", url: () => "/api/v1/services" },
  "/api/v1/services/[id]": { kind: "route", access: "token", url: (i) => `/api/v1/services/${i.serviceId}` },
  "/api/v1/services/[id]/changes": {
    kind: "route",
    access: "token",
    method: "POST",
    url: (i) => `/api/v1/services/${i.serviceId}/changes`,
  },
  "/api/v1/webhooks": { kind: "route", access: "token", url: () => "/api/v1/webhooks" },
  "/api/v1/webhooks/[id]/deliveries": {
    kind: "route",
    access: "token",
    url: (i) => `/api/v1/webhooks/${i.webhookId}/deliveries`,
  },
  "/api/v1/webhooks/[id]/deliveries/[deliveryId]/resend": {
    kind: "route",
    access: "token",
    method: "POST",
    url: (i) => `/api/v1/webhooks/${i.webhookId}/deliveries/${i.deliveryId}/resend`,
  },
  "/r/[slug]": { kind: "page", access: "reseller", url: r("") },
  "/r/[slug]/api": { kind: "page", access: "reseller", url: r("/api") },
  "/r/[slug]/api/reference": { kind: "page", access: "reseller", url: r("/api/reference") },
  "/r/[slug]/customers": { kind: "page", access: "reseller", url: r("/customers") },
  "/r/[slug]/customers/new": { kind: "page", access: "reseller", url: r("/customers/new") },
  "/r/[slug]/customers/[id]": {
    kind: "page",
    access: "reseller",
    url: (i) => `/r/${i.slug}/customers/${i.customerId}`,
  },
  "/r/[slug]/customers/[id]/edit": {
    kind: "page",
    access: "reseller",
    url: (i) => `/r/${i.slug}/customers/${i.customerId}/edit`,
  },
  "/r/[slug]/customers/export": { kind: "route", access: "reseller", url: r("/customers/export") },
  "/r/[slug]/orders": { kind: "page", access: "reseller", url: r("/orders") },
  "/r/[slug]/orders/new": { kind: "page", access: "reseller", url: r("/orders/new") },
  "/r/[slug]/orders/[id]": { kind: "page", access: "reseller", url: (i) => `/r/${i.slug}/orders/${i.orderId}` },
  "/r/[slug]/orders/export": { kind: "route", access: "reseller", url: r("/orders/export") },
  "/r/[slug]/orders/name-check": {
    kind: "route",
    access: "reseller",
    url: r("/orders/name-check?kind=qboxmail_domain&name=example.com"),
  },
  "/r/[slug]/orders/servers": {
    kind: "route",
    access: "reseller",
    url: (i) => `/r/${i.slug}/orders/servers?q=&customer=${i.customerId}&all=1`,
  },
  "/r/[slug]/orders/customers": { kind: "route", access: "reseller", url: r("/orders/customers?q=") },
  "/r/[slug]/orders/domains": {
    kind: "route",
    access: "reseller",
    url: (i) => `/r/${i.slug}/orders/domains?q=&customer=${i.customerId}&all=1`,
  },
  "/r/[slug]/orders/[id]/status": {
    kind: "route",
    access: "reseller",
    url: (i) => `/r/${i.slug}/orders/${i.orderId}/status`,
  },
  "/r/[slug]/services": { kind: "page", access: "reseller", url: r("/services") },
  "/r/[slug]/services/[id]": { kind: "page", access: "reseller", url: (i) => `/r/${i.slug}/services/${i.serviceId}` },
  "/r/[slug]/services/export": { kind: "route", access: "reseller", url: r("/services/export") },
  "/r/[slug]/webhooks": { kind: "page", access: "reseller", url: r("/webhooks") },
  "/r/[slug]/webhooks/[id]": { kind: "page", access: "reseller", url: (i) => `/r/${i.slug}/webhooks/${i.webhookId}` },
  "/support": { kind: "page", access: "staff", url: () => "/support" },
  "/support/audit": { kind: "page", access: "staff", url: () => "/support/audit" },
  "/support/drift": { kind: "page", access: "staff", url: () => "/support/drift" },
  // Any id: a stranger must get not-found before the finding is looked up.
  "/support/drift/[id]": { kind: "page", access: "staff", url: (i) => `/support/drift/${i.serviceId}` },
  "/support/health": { kind: "page", access: "staff", url: () => "/support/health" },
  "/support/orders": { kind: "page", access: "staff", url: () => "/support/orders" },
  "/support/orders/[id]": { kind: "page", access: "staff", url: (i) => `/support/orders/${i.orderId}` },
  "/support/orders/[id]/status": {
    kind: "route",
    access: "staff",
    url: (i) => `/support/orders/${i.orderId}/status`,
  },
  "/support/orders/export": { kind: "route", access: "staff", url: () => "/support/orders/export" },
  "/support/resellers": { kind: "route", access: "staff", url: () => "/support/resellers?q=" },
  "/support/services/[id]": { kind: "page", access: "staff", url: (i) => `/support/services/${i.serviceId}` },
  "/admin": { kind: "page", access: "staff", url: () => "/admin" },
  "/admin/resellers": { kind: "page", access: "staff", url: () => "/admin/resellers" },
  "/admin/users": { kind: "page", access: "staff", url: () => "/admin/users" },
  ...Object.fromEntries(
    ["/account", "/account/password", "/account/sessions", "/account/two-factor"].map((p) => [
      p,
      {
        kind: "page" as const,
        access: "public" as const,
        url: () => p,
        why: "the signed-in person's own account: no id in the address, every read keyed by the session's user",
      },
    ]),
  ),
};

const reason = { reason: "isolation probe" };

export const ACTIONS: Record<string, ActionEntry> = {
  // Writes only the caller's own row (the id comes from the session, never the form): a second
  // reseller posting it changes their own preferences and nothing of the first reseller's.
  "app/profile/actions.ts#saveProfile": {
    access: "reseller",
    page: () => "/profile",
    args: (_i, fd) => [fd],
    // "Same as my browser": whoever the suite posts as keeps the English pages later files expect.
    form: () => ({ locale: "", timeZone: "" }),
  },
  "app/admin/actions.ts#updateLimitsAction": {
    access: "admin",
    page: () => "/admin/resellers",
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ resellerId: i.resellerId, maxDomains: "0", maxManagers: "0", maxServers: "0", ...reason }),
  },
  "app/admin/actions.ts#createUserAction": {
    access: "admin",
    page: () => "/admin/users",
    args: (_i, fd) => [prev, fd],
    form: (i) => ({
      email: "intruder@example.test",
      name: "Intruder",
      role: "reseller",
      resellerId: i.resellerId,
      password: "a-long-enough-password-2026",
      ...reason,
    }),
  },
  "app/admin/actions.ts#resetTwoFactorAction": {
    access: "admin",
    page: () => "/admin/users",
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ userId: i.userId, ...reason }),
  },
  ...Object.fromEntries(
    [
      ["changePasswordAction", "/account/password", { currentPassword: "x", newPassword: "y", confirmPassword: "y" }],
      ["confirmEnrolmentAction", "/account/two-factor", { code: "000000" }],
      ["regenerateRecoveryCodesAction", "/account/two-factor", { code: "000000" }],
      ["disableTwoFactorAction", "/account/two-factor", { code: "000000" }],
      ["signOutSessionAction", "/account/sessions", null],
      ["signOutOtherSessionsAction", "/account/sessions", {}],
    ].map(([name, page, form]) => [
      `app/account/actions.ts#${name}`,
      {
        access: "self" as const,
        page: () => page as string,
        args: (_i: Ids, fd: FormData) => [prev, fd],
        // A session id of the first reseller's user is not known to the prober: its user id
        // stands in for "an id that is not the caller's".
        form: (i: Ids) => (form ?? { sessionId: i.userId }) as Record<string, string>,
      },
    ]),
  ),
  "app/admin/actions.ts#disableUserAction": {
    access: "admin",
    page: () => "/admin/users",
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ userId: i.userId, ...reason }),
  },
  "app/admin/actions.ts#enableUserAction": {
    access: "admin",
    page: () => "/admin/users",
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ userId: i.userId, ...reason }),
  },
  "app/admin/actions.ts#resetPasswordAction": {
    access: "admin",
    page: () => "/admin/users",
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ userId: i.userId, password: "a-long-enough-password-2026", ...reason }),
  },
  "app/admin/actions.ts#updateUpstreamAction": {
    access: "admin",
    page: () => "/admin/resellers",
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ resellerId: i.resellerId, qboxmailCustomerCode: "C-INTRUDER", ...reason }),
  },
  "app/admin/actions.ts#shareServerAction": {
    access: "admin",
    page: () => "/admin/resellers",
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ resellerId: i.resellerId, serverId: "77", label: "intruder", ...reason }),
  },
  "app/admin/actions.ts#unshareServerAction": {
    access: "admin",
    page: () => "/admin/resellers",
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ shareId: i.shareId, ...reason }),
  },
  "app/r/[slug]/api/actions.ts#createTokenAction": {
    access: "reseller",
    page: r("/api"),
    args: (i, fd) => [i.slug, prev, fd],
    form: () => ({ name: "intruder", scopes: "orders:read" }),
  },
  "app/r/[slug]/api/actions.ts#revokeTokenAction": {
    access: "reseller",
    page: r("/api"),
    args: (i, fd) => [i.slug, i.tokenId, prev, fd],
  },
  "app/r/[slug]/customers/actions.ts#createCustomerAction": {
    access: "reseller",
    page: r("/customers/new"),
    args: (i, fd) => [i.slug, prev, fd],
    form: () => ({ name: "Intruder customer" }),
  },
  "app/r/[slug]/customers/actions.ts#updateCustomerAction": {
    access: "reseller",
    page: (i) => `/r/${i.slug}/customers/${i.customerId}/edit`,
    args: (i, fd) => [i.slug, i.customerId, prev, fd],
    form: () => ({ name: "Renamed by intruder" }),
  },
  "app/r/[slug]/orders/actions.ts#placeOrderAction": {
    access: "reseller",
    page: r("/orders/new"),
    args: (i, fd) => [i.slug, "grommunio_server", null, prev, fd],
    form: (i) => ({
      customerId: i.customerId,
      idempotencyKey: "isolation-probe-1",
      hostname: "intruder.example.com",
      extname: "intruder.example.com",
    }),
  },
  "app/r/[slug]/orders/actions.ts#cancelOrderAction": {
    access: "reseller",
    page: (i) => `/r/${i.slug}/orders/${i.orderId}`,
    args: (i, fd) => [i.slug, i.orderId, prev, fd],
  },
  "app/r/[slug]/services/actions.ts#checkOwnershipAction": {
    access: "reseller",
    page: (i) => `/r/${i.slug}/services/${i.serviceId}`,
    args: (i, fd) => [i.slug, i.serviceId, prev, fd],
  },
  "app/r/[slug]/services/actions.ts#checkMxAction": {
    access: "reseller",
    page: (i) => `/r/${i.slug}/services/${i.serviceId}`,
    args: (i, fd) => [i.slug, i.serviceId, prev, fd],
  },
  "app/r/[slug]/services/actions.ts#placeChangeAction": {
    access: "reseller",
    page: (i) => `/r/${i.slug}/services/${i.serviceId}`,
    args: (i, fd) => [i.slug, i.serviceId, "suspend", prev, fd],
    form: () => ({ idempotencyKey: "isolation-probe-change-1" }),
  },
  "app/support/drift/actions.ts#driftAction": {
    access: "staff",
    page: () => "/support/drift",
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ findingId: i.serviceId, what: "dismiss", reason: "isolation probe" }),
  },
  "app/support/services/actions.ts#purgeServiceAction": {
    access: "admin",
    page: (i) => `/support/services/${i.serviceId}`,
    args: (i, fd) => [i.serviceId, prev, fd],
    form: (i) => ({ idempotencyKey: `probe-${i.serviceId}`, confirmName: "probe" }),
  },
  "app/r/[slug]/webhooks/actions.ts#createEndpointAction": {
    access: "reseller",
    page: r("/webhooks"),
    args: (i, fd) => [i.slug, prev, fd],
    form: () => ({ url: "https://intruder.example.com/hook", events: "order.succeeded" }),
  },
  "app/r/[slug]/webhooks/actions.ts#resendAction": {
    access: "reseller",
    page: (i) => `/r/${i.slug}/webhooks/${i.webhookId}`,
    args: (i, fd) => [i.slug, i.webhookId, i.deliveryId, prev, fd],
  },
  "app/r/[slug]/webhooks/actions.ts#enableEndpointAction": {
    access: "reseller",
    page: (i) => `/r/${i.slug}/webhooks/${i.webhookId}`,
    args: (i, fd) => [i.slug, i.webhookId, prev, fd],
  },
  "app/r/[slug]/webhooks/actions.ts#rotateSecretAction": {
    access: "reseller",
    page: (i) => `/r/${i.slug}/webhooks/${i.webhookId}`,
    args: (i, fd) => [i.slug, i.webhookId, prev, fd],
  },
  "app/r/[slug]/webhooks/actions.ts#deleteEndpointAction": {
    access: "reseller",
    page: (i) => `/r/${i.slug}/webhooks/${i.webhookId}`,
    args: (i, fd) => [i.slug, i.webhookId, prev, fd],
  },
  "app/support/orders/actions.ts#retryOrderAction": {
    access: "staff",
    page: (i) => `/support/orders/${i.orderId}`,
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ orderId: i.orderId, expectedVersion: "0", ...reason }),
  },
  "app/support/orders/actions.ts#cancelOrderAction": {
    access: "staff",
    page: (i) => `/support/orders/${i.orderId}`,
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ orderId: i.orderId, expectedVersion: "0", ...reason }),
  },
  "app/support/orders/actions.ts#resolveOrderAction": {
    access: "staff",
    page: (i) => `/support/orders/${i.orderId}`,
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ orderId: i.orderId, expectedVersion: "0", upstreamRef: "X1", ...reason }),
  },
  // Takes no input; a stranger must get not-found and write no verification or audit row.
  "app/support/audit/actions.ts#verifyChainAction": {
    access: "staff",
    page: () => "/support/audit",
    args: (_i, fd) => [prev, fd],
  },
  "app/support/orders/actions.ts#bulkRetryAction": {
    access: "staff",
    page: () => "/support/orders",
    args: (_i, fd) => [prev, fd],
    form: (i) => ({ items: `${i.orderId}:0`, ...reason }),
  },
};
