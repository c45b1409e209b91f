// Which hostile-input test fuzzes each server action and route handler of app/ (docs/security.md
// "Hostile input"). tests/unit/hostile-coverage.test.ts takes the list of actions and route
// handlers from the tenant inventory (tests/support/tenant/inventory.ts, itself checked against
// app/) and fails when one has no entry here, or when an entry names a test that is not there.
//
// HOW TO ADD AN ENTRY: fuzz the new action or handler in one of the tests/integration/hostile-*
// files (its parsing and its lib/ call on generated input: wrong types, huge strings, odd
// Unicode, prototype-pollution keys), then add `"<inventory key>": { file, test }` below, where
// `test` is text of that file (the test's title, or the label of its entry) naming the case.
// An action that reads nothing from the form (`noInput`) says so instead.
export type Coverage = { file: string; test: string } | { noInput: string };

const actions = "tests/integration/hostile-actions.test.ts";
const api = "tests/integration/hostile-api.test.ts";
const input = "tests/integration/hostile-input.test.ts";
const routes = "tests/integration/hostile-routes.test.ts";
const staff = "tests/integration/hostile-staff-account.test.ts";
const ownAccount = { file: actions, test: "the reseller's and everyone's own-account actions" };
const resellerRest = { file: routes, test: "cancel, edit-and-resubmit, ownership and MX checks and webhook resend" };
const secondFactor = { file: staff, test: "second factor: enrolment, new recovery codes and turning it off" };

export const HOSTILE_COVERAGE: Record<string, Coverage> = {
  // Server actions (keys as in the inventory's ACTIONS).
  "app/profile/actions.ts#saveProfile": ownAccount,
  "app/admin/actions.ts#updateLimitsAction": { file: actions, test: "admin: reseller limits" },
  "app/admin/actions.ts#createUserAction": { file: actions, test: "admin: create user" },
  "app/admin/actions.ts#disableUserAction": { file: actions, test: "admin: disable user" },
  "app/admin/actions.ts#enableUserAction": { file: actions, test: "admin: enable user" },
  "app/admin/actions.ts#resetPasswordAction": { file: actions, test: "admin: reset password" },
  "app/admin/actions.ts#resetTwoFactorAction": { file: actions, test: "admin: reset two-factor" },
  "app/admin/actions.ts#updateUpstreamAction": { file: actions, test: "admin: reseller upstream identifiers" },
  "app/admin/actions.ts#shareServerAction": { file: actions, test: "admin: share a server" },
  "app/admin/actions.ts#unshareServerAction": { file: actions, test: "admin: unshare a server" },
  "app/account/actions.ts#changePasswordAction": ownAccount,
  "app/account/actions.ts#confirmEnrolmentAction": secondFactor,
  "app/account/actions.ts#regenerateRecoveryCodesAction": secondFactor,
  "app/account/actions.ts#disableTwoFactorAction": secondFactor,
  "app/account/actions.ts#signOutSessionAction": { file: staff, test: "signing out one session" },
  "app/account/actions.ts#signOutOtherSessionsAction": {
    noInput: "reads nothing from the form: the user and the session to keep come from the session",
  },
  "app/r/[slug]/api/actions.ts#createTokenAction": { file: actions, test: "API tokens and webhook endpoints" },
  "app/r/[slug]/api/actions.ts#revokeTokenAction": ownAccount,
  "app/r/[slug]/customers/actions.ts#createCustomerAction": { file: input, test: "creating a customer" },
  "app/r/[slug]/customers/actions.ts#updateCustomerAction": ownAccount,
  "app/r/[slug]/orders/actions.ts#placeOrderAction": { file: input, test: "placing an order" },
  "app/r/[slug]/orders/actions.ts#cancelOrderAction": resellerRest,
  "app/r/[slug]/services/actions.ts#checkOwnershipAction": resellerRest,
  "app/r/[slug]/services/actions.ts#checkMxAction": {
    noInput:
      "reads nothing from the form: the service id is bound, and checkMxRecords scopes it by the session's reseller",
  },
  "app/r/[slug]/services/actions.ts#placeChangeAction": ownAccount,
  "app/r/[slug]/webhooks/actions.ts#createEndpointAction": { file: actions, test: "API tokens and webhook endpoints" },
  "app/r/[slug]/webhooks/actions.ts#resendAction": resellerRest,
  "app/r/[slug]/webhooks/actions.ts#enableEndpointAction": ownAccount,
  "app/r/[slug]/webhooks/actions.ts#rotateSecretAction": ownAccount,
  "app/r/[slug]/webhooks/actions.ts#deleteEndpointAction": ownAccount,
  "app/support/audit/actions.ts#verifyChainAction": {
    noInput: "reads nothing from the form: it verifies the whole chain as the signed-in support or admin user",
  },
  "app/support/drift/actions.ts#driftAction": { file: staff, test: "drift adopt / mark gone / re-create / dismiss" },
  "app/support/services/actions.ts#purgeServiceAction": { file: staff, test: "admin purge" },
  "app/support/orders/actions.ts#retryOrderAction": { file: actions, test: "support: retry now" },
  "app/support/orders/actions.ts#cancelOrderAction": { file: actions, test: "support: cancel" },
  "app/support/orders/actions.ts#resolveOrderAction": { file: actions, test: "support: mark resolved" },
  "app/support/orders/actions.ts#bulkRetryAction": { file: staff, test: "bulk retry" },

  // Route handlers (keys as in the inventory's ROUTES).
  "/api/auth/[...nextauth]": { file: staff, test: "sign-in (next-auth's route)" },
  "/api/health/live": { file: routes, test: "health, metrics and the OpenAPI document" },
  "/api/health/ready": { file: routes, test: "health, metrics and the OpenAPI document" },
  "/api/metrics": { file: routes, test: "health, metrics and the OpenAPI document" },
  "/api/v1/openapi.json": { file: routes, test: "health, metrics and the OpenAPI document" },
  "/api/v1/[[...path]]": { file: routes, test: "health, metrics and the OpenAPI document" },
  "/api/v1/customers": { file: api, test: '"/customers"' },
  "/api/v1/customers/[id]": { file: api, test: '"/customers/{id}"' },
  "/api/v1/orders": { file: api, test: '"/orders"' },
  "/api/v1/orders/[id]": { file: api, test: '"/orders/{id}"' },
  "/api/v1/orders/[id]/cancel": { file: api, test: '"/orders/{id}/cancel"' },
  "/api/v1/services": { file: api, test: '"/services"' },
  "/api/v1/services/[id]": { file: api, test: '"/services/{id}"' },
  "/api/v1/services/[id]/changes": { file: api, test: '"/services/{id}/changes"' },
  "/api/v1/webhooks": { file: api, test: '"/webhooks"' },
  "/api/v1/webhooks/[id]/deliveries": { file: api, test: '"/webhooks/{id}/deliveries"' },
  "/api/v1/webhooks/[id]/deliveries/[deliveryId]/resend": {
    file: api,
    test: '"/webhooks/{id}/deliveries/{deliveryId}/resend"',
  },
  "/r/[slug]/customers/export": { file: routes, test: "customer and service CSV exports" },
  "/r/[slug]/services/export": { file: routes, test: "customer and service CSV exports" },
  "/r/[slug]/orders/export": { file: routes, test: "order CSV exports" },
  "/r/[slug]/orders/[id]/status": { file: routes, test: "order status (reseller and support)" },
  "/r/[slug]/orders/name-check": { file: routes, test: "and name check" },
  "/r/[slug]/orders/customers": { file: input, test: "the order form's pickers" },
  "/r/[slug]/orders/servers": { file: input, test: "the order form's pickers" },
  "/r/[slug]/orders/domains": { file: input, test: "the order form's pickers" },
  "/support/orders/export": { file: routes, test: "order CSV exports" },
  "/support/orders/[id]/status": { file: routes, test: "order status (reseller and support)" },
  "/support/resellers": { file: input, test: "the staff reseller search" },
};

/** Every reseller page, action and route resolves its slug first; this test fuzzes that lookup. */
export const SLUG_COVERAGE = { file: routes, test: "any slug resolves to the reseller's own record" };
