// The one place grommunio outcomes are classified (docs/design.md invariant 4, docs/upstream/grommunio.md §3, §6).
// - rejected:  spec validation (runs before the endpoint), endpoint checks that run before the
//              insert (unknown attribute, missing maxUser, invalid name, invalid homeserver,
//              a NOT NULL column), a 404 to a call other than a create (its client tells grommunio's
//              "not found" of the object from an unknown route's first), other 4xx — to a call
//              other than the login.
// - transient: connection refused before sending, 429, 503 "Database not available." (answered
//              before the endpoint ran), and any 5xx to a read (a read commits nothing).
// - unknown:   timeout, reset, 500, 503 "Database error." (may fail mid-commit), 502/504 HTML,
//              any other 5xx — and the 400 "Duplicate entry" on the domain's or server's own
//              name: it may be OUR earlier create whose answer was lost, so the worker looks the
//              name up before deciding (invariant 2), as it does for any unexpected 400
//              (docs/upstream/grommunio.md §6: a failed role creation after the commit can also
//              answer 400, naming the role's key or column, which is not read as a refusal).
//              Not so for an update (PATCH): its 400s are all refusals answered before the
//              commit (docs/upstream/grommunio.md §12), so they are rejected.
// - auth:      credentials refused (login 401/400, or 401 again after a fresh login); any other
//              4xx to the login (403, 404, 405: the address or the web server in front, not the
//              order); a 404 to a create (the unknown route's "Resource not found": the portal's
//              address is wrong); 403 and 405 to any call (the portal's admin account lacks a permission or
//              is deactivated, or the web server in front refuses the method: the account or the
//              configuration, never the order; docs/upstream/grommunio.md §3); a redirect (3xx) to
//              any call, never followed: the configured address is not the API's
//              (lib/upstream/redirect.ts). Held for a person, never `rejected`.

import { type FieldProblems, fieldProblem } from "@/lib/i18n/field-problems";
import { portalText } from "@/lib/i18n/portal-texts";
import { requestFieldsOf } from "../allow-list";
import { type HttpOutcome, retryAfterMs } from "../http";
import { cleaned } from "../provider-message";
import { redirected } from "../redirect";
import type { UpstreamFailure } from "../result";
import { FORM_KEY, fieldsFromValidatorErrors } from "./field-errors";

export type GrommunioCallKind = "create" | "update" | "read" | "delete" | "login";

type Body = { message?: unknown; error?: unknown; errors?: unknown };

const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 297)}...` : s);

/**
 * grommunio's words as an order keeps and shows them: without the line breaks or a right-to-left
 * override a message may hold (lib/upstream/provider-message.ts), cut to 300 characters.
 */
export const shownDetail = (s: string) => clip(cleaned(s));

function texts(json: unknown): { message: string; error: string; errors: string[] } {
  const body = (json && typeof json === "object" ? json : {}) as Body;
  return {
    message: typeof body.message === "string" ? body.message : "",
    error: typeof body.error === "string" ? body.error : "",
    errors: Array.isArray(body.errors) ? body.errors.filter((e): e is string => typeof e === "string") : [],
  };
}

function rejected(message: string, fieldErrors: FieldProblems, call: UpstreamFailure["call"]): UpstreamFailure {
  return { kind: "rejected", message, fieldErrors, call };
}

// Endpoint 400s that name the field they are about: the pattern, and the problems it means,
// stored as keys so a page words them in the viewer's language (lib/i18n/field-problems.ts).
const ENDPOINT_FIELD_ERRORS: readonly [RegExp, (m: RegExpExecArray) => FieldProblems | undefined][] = [
  [/^Invalid homeserver$/, () => ({ homeserver: [fieldProblem("noServerWithId")] })],
  [/^'(.*)' is not a valid domain name$/s, (m) => ({ domainname: [fieldProblem("notADomainName", { name: m[1]! })] })],
  [/^Missing required property (\w+)$/, (m) => ({ [m[1]!]: [fieldProblem("required")] })],
  [/^Unknown attribute '([^']*)'$/, (m) => ({ [FORM_KEY]: [fieldProblem("unknownField", { field: m[1]! })] })],
  [/^Attribute '(\w+)' is read only/, (m) => ({ [m[1]!]: [fieldProblem("readOnly")] })],
  [
    // Only a column of the domain or server row itself: its insert is refused before any commit.
    // The same words about another table's column (the admin role's, inserted after the domain
    // was committed) say nothing about whether the domain exists, so they lead to a lookup.
    /(?:Column '(\w+)' cannot be null|Field '(\w+)' doesn't have a default value)/,
    (m) => {
      const column = (m[1] ?? m[2])!;
      return OWN_COLUMNS.has(column) ? { [API_NAME[column] ?? column]: [fieldProblem("required")] } : undefined;
    },
  ],
  [/^(?:Missing data|Invalid JSON object)$/, () => ({ [FORM_KEY]: [fieldProblem("unreadableRequest")] })],
  [/^Cannot delete server with users or domains$/, () => ({ [FORM_KEY]: [fieldProblem("serverNotEmpty")] })],
  [/^Cannot activate chat for deactivated domain$/, () => ({ chat: [fieldProblem("chatNeedsActiveDomain")] })],
];

/** The problems an endpoint 400 names; undefined for any other text. */
function endpointFieldError(text: string): FieldProblems | undefined {
  for (const [pattern, errors] of ENDPOINT_FIELD_ERRORS) {
    const m = pattern.exec(text);
    if (m) return errors(m);
  }
  return undefined;
}

/** The database's spelling of a domain column the API names otherwise (MariaDB's errors name
 * the column: max_user, org_id…), with the API's name, which is the form field's. */
const API_NAME: Readonly<Record<string, string>> = {
  max_user: "maxUser",
  org_id: "orgID",
  admin_name: "adminName",
  end_day: "endDay",
  domain_status: "domainStatus",
  sync_policy: "syncPolicy",
};

// The columns of the rows the portal creates, a domain's and a server's: the fields it sends
// (lib/upstream/allow-list.ts) by either spelling, and the domain's home directory.
const OWN_COLUMNS: ReadonlySet<string> = new Set([
  ...requestFieldsOf("grommunio_domain").filter((f) => f !== "createRole"),
  ...requestFieldsOf("grommunio_server"),
  ...Object.keys(API_NAME),
  "homedir",
]);

// The unique keys of those rows. MariaDB names the key alone or, in newer versions, with its
// table ("domains.domainname"). A duplicate on any other key (the admin role's name, inserted
// after the domain was committed) does not say the name belongs to someone else.
const OWN_DUPLICATE = /Duplicate entry '.*' for key '(?:\w+\.)?(?:domainname|hostname)'/is;
/** A PATCH of a server's hostname to one another server has (any case): the name in the entry. */
const HOSTNAME_DUPLICATE = /Duplicate entry '(.*)' for key '(?:\w+\.)?hostname'/is;

/** null when the answer is a success (2xx); otherwise the classified failure. */
export function classifyGrommunio(outcome: HttpOutcome, kind: GrommunioCallKind): UpstreamFailure | null {
  const call = outcome.call;
  if (!outcome.ok) {
    const values = { provider: "grommunio", error: outcome.message };
    if (!outcome.sent) return { kind: "transient", message: portalText("unreachable", values), call };
    return { kind: "unknown", message: portalText("noAnswer", values), call };
  }
  const { status } = outcome;
  if (status >= 200 && status < 300) return null;
  const isJson = outcome.json !== undefined;
  const { message, error, errors } = texts(outcome.json);
  // Shown and stored, so without the line breaks or a right-to-left override a message may hold
  // (lib/upstream/provider-message.ts); the patterns below read the words as received. A message
  // that repeated a secret of the call is gone already (lib/upstream/grommunio/screened-answer.ts).
  const detail = shownDetail([message, error].filter(Boolean).join(": ")) || `HTTP ${status}`;

  if (status >= 300 && status < 400) return redirected(outcome, "grommunio");
  // A 408 is nginx in front giving up on a request whose body came too slowly (the contract has
  // no 408). It refuses nothing of the order; a proxy that answers it for a slow backend may have
  // let the request through: a write is looked up, as after a 5xx, and a read (or the login) retried.
  if (status === 408) {
    const said = portalText("requestTimeout", { provider: "grommunio" });
    return { kind: kind === "read" || kind === "login" ? "transient" : "unknown", message: said, call };
  }
  if (kind === "login" && (status === 401 || status === 400)) {
    return { kind: "auth", message: portalText("gromLoginRefused", { detail: detail }), call };
  }
  // Any other 4xx to the login (403, 404, 405 from the web server in front, a login route that
  // is not where the address says) is the portal's configuration, not the order: held for a
  // person as refused credentials are, never `rejected` (nothing of the order was sent).
  if (kind === "login" && status >= 400 && status < 500 && status !== 429) {
    const what = isJson ? detail : portalText("gatewayNonJson", { status });
    return { kind: "auth", message: portalText("gromLoginRefused", { detail: what }), call };
  }
  if (status === 401) return { kind: "auth", message: portalText("gromAccessDenied", { detail: detail }), call };
  // A 403 is the permission check, answered before the endpoint runs: the portal's admin account
  // lacks the right (creates need SystemAdmin) or was deactivated, and its token stays valid for
  // days with no revocation, so every order would fail for good while the login still succeeds.
  // A 405 to a method the client always sends right is the web server in front. Both are the
  // account's or the configuration's, as at the login: held for a person, the budget not used
  // (docs/upstream/grommunio.md §3).
  if (status === 403 || status === 405) {
    const what = isJson ? detail : portalText("gatewayNonJson", { status });
    return { kind: "auth", message: portalText("gromAccountRefused", { status, detail: what }), call };
  }
  // A create's only 404 is grommunio's "Resource not found", a route it does not have (CONTRACT
  // §3: docs/upstream/grommunio.md §3): the address the portal was given, or the web server in
  // front, is wrong. Nothing of the order was refused, and the reseller cannot fix it: held for a
  // person, as a 405 is.
  if (kind === "create" && status === 404) {
    const what = isJson ? detail : portalText("gatewayNonJson", { status });
    return { kind: "auth", message: portalText("gromRouteMissing", { status, detail: what }), call };
  }
  if (status === 429) {
    return {
      kind: "transient",
      message: portalText("rateLimited", { provider: "grommunio" }),
      retryAfterMs: retryAfterMs(outcome.headers),
      call,
    };
  }
  if (status === 503 && message === "Database not available.") {
    return {
      kind: "transient",
      message: portalText("gromDbUnavailable"),
      retryAfterMs: retryAfterMs(outcome.headers),
      call,
    };
  }
  if (status >= 500) {
    const what = isJson ? detail : portalText("gatewayNonJson", { status });
    // A read has nothing to commit: a passing failure, waited out as long as a Retry-After asks
    // (a 503 from the web server in front while grommunio restarts), as Qboxmail's reads are.
    if (kind === "read") {
      const retry = retryAfterMs(outcome.headers);
      const message = portalText("gromReadFailed", { detail: what });
      return { kind: "transient", message, ...(retry !== undefined ? { retryAfterMs: retry } : {}), call };
    }
    return { kind: "unknown", message: portalText("gromFailedMayApply", { detail: what }), call };
  }
  if (status === 400) {
    if (message === "Bad Request" && errors.length) {
      return rejected(
        portalText("gromInvalid", { detail: shownDetail(errors.join(", ")) }),
        fieldsFromValidatorErrors(errors),
        call,
      );
    }
    const fields = endpointFieldError(message) ?? endpointFieldError(error);
    // A PATCH refused (a duplicate hostname included) was rolled back: nothing to look up. A
    // duplicate host name says which field to fix (docs/upstream/grommunio.md §12).
    const duplicateHost = kind === "update" ? HOSTNAME_DUPLICATE.exec(`${message} ${error}`) : null;
    if (duplicateHost) {
      const name = shownDetail(duplicateHost[1] ?? "");
      return rejected(
        portalText("gromHostnameTaken", { name }),
        { hostname: [fieldProblem("hostnameTaken", { name })] },
        call,
      );
    }
    if (kind === "update")
      return rejected(portalText("gromRejected", { detail }), fields ?? { [FORM_KEY]: [detail] }, call);
    if (OWN_DUPLICATE.test(`${message} ${error}`)) {
      return {
        kind: "unknown",
        message: portalText("gromNameExists", { detail: detail }),
        call,
        duplicate: true,
      };
    }
    if (fields) return rejected(portalText("gromRejected", { detail }), fields, call);
    if (kind === "read") return rejected(portalText("gromRejectedLookup", { detail }), { [FORM_KEY]: [detail] }, call);
    return {
      kind: "unknown",
      message: portalText("gromUnexpected400", { detail: detail }),
      call,
    };
  }
  // 404 and any other 4xx: permanent.
  return rejected(portalText("gromRefused", { status, detail }), { [FORM_KEY]: [detail] }, call);
}
