// The one place that decides what a Qboxmail answer means for an order (docs/design.md invariant 4).
// Only status codes, field names and the duplicate description are read: message texts follow
// the account's language (Italian ones have been seen, docs/upstream/qboxmail.md §5), so they never carry meaning here.
// A refusal's message is still kept, cleaned, for people to read: it is often all that says what
// was refused (lib/upstream/provider-message.ts).
// A redirect (3xx) is not followed: it says the configured address is not the API's, which a
// person fixes, so it is held like a refused token (docs/upstream/qboxmail.md §5).

import { addFieldError, type FieldErrors } from "@/lib/forms/field-errors";
import { FIELD_PROBLEMS } from "@/lib/i18n/field-problems";
import { portalText } from "@/lib/i18n/portal-texts";
import { type HttpOutcome, retryAfterMs } from "../http";
import { type KeptMessage, keptMessage, repeatsSecretOrPart } from "../provider-message";
import { redirected } from "../redirect";
import type { RefusalAnswer, UpstreamFailure, UpstreamResult } from "../result";
import type { QboxmailCreated } from "./types";

/**
 * write: a create (or delete) that may have been applied when no answer came back.
 * read: a list or get; nothing is applied, so a lost answer is merely transient.
 * `keyField` is the natural key whose "already exists" means "maybe ours" (name, email_address).
 * `sentFields`: the fields of a change's, a status's or a check's body (none for a delete). Qboxmail
 * documents one 422 example for every route, naming `name` even where the route takes none, and
 * not which fields the other routes name (docs/upstream/qboxmail.md §5): only a field the request
 * sent is a field problem; one it did not send is quoted with the message instead. A create leaves it out: every
 * field it is refused on is the order form's.
 * `secrets`: the values the request carried (its passwords, the API token), which no kept words
 * of the answer may repeat; the client passes them for every call (client.ts `secretsOf`).
 */
export type QboxmailOperation = (
  | { kind: "write"; keyField?: string; sentFields?: readonly string[] }
  | { kind: "read" }
) & {
  /** Required, so no call site can forget them: an empty list only where the request carried none. */
  secrets: readonly string[];
};

// Duplicate descriptions in the languages Qboxmail answers in. The English one is documented;
// the Italian ones are how its Rails locale words it.
const DUPLICATE_DESCRIPTIONS = new Set([
  "already exists",
  "has already been taken",
  "esiste già",
  "è già presente",
  "è già in uso",
  "già esistente",
]);

// Our order fields reuse Qboxmail's names; list here any that differ.
const FIELD_MAP: Record<string, string> = {};

type ErrorItem = { field: string; description: string };

/** A failure for any answer that is not 2xx, or for no answer at all; `null` for a 2xx answer. */
export function classifyQboxmail(
  outcome: HttpOutcome,
  op: QboxmailOperation,
  now = Date.now(),
): UpstreamFailure | null {
  const { call } = outcome;
  if (!outcome.ok) {
    if (op.kind === "read" || !outcome.sent)
      return {
        kind: "transient",
        message: portalText("unreachable", { provider: "Qboxmail", error: outcome.message }),
        call,
      };
    return { kind: "unknown", message: portalText("noAnswer", { provider: "Qboxmail", error: outcome.message }), call };
  }
  const { status } = outcome;
  if (status >= 200 && status < 300) return null;
  if (status === 401) return { kind: "auth", message: portalText("qboxTokenRefused"), call };
  if (status === 429) {
    const retry = retryAfterMs(outcome.headers, now);
    return {
      kind: "transient",
      message: portalText("rateLimited", { provider: "Qboxmail" }),
      ...(retry !== undefined ? { retryAfterMs: retry } : {}),
      call,
    };
  }
  if (status >= 500) {
    const message = portalText("qboxServerError", { status });
    // A 5xx (or a gateway's HTML 502/504) may follow a commit; a read has nothing to commit, and
    // waits as long as a 503's Retry-After asks.
    if (op.kind !== "read") return { kind: "unknown", message, call };
    const retry = retryAfterMs(outcome.headers, now);
    return { kind: "transient", message, ...(retry !== undefined ? { retryAfterMs: retry } : {}), call };
  }
  // A 408 is the web server in front giving up on a request whose body came too slowly (neither
  // contract has it). It refuses nothing of the order; a proxy that answers it for a slow backend
  // may have let the request through: a write is looked up, as after a 5xx, and a read retried.
  if (status === 408) {
    const message = portalText("requestTimeout", { provider: "Qboxmail" });
    return { kind: op.kind === "read" ? "transient" : "unknown", message, call };
  }
  if (status >= 300 && status < 400) return redirected(outcome, "Qboxmail");
  // A create posts to a collection, which the contract gives no 404 or 405: such an answer is a
  // route the portal has wrong (its Qboxmail address) or the web server in front. The reseller can fix nothing in the order, and every order would
  // fail the same way: held for a person, as grommunio's are, its retries not used up.
  if (op.kind === "write" && op.keyField && (status === 404 || status === 405)) {
    const said = outcome.json === undefined ? undefined : keptMessage(bodyText(outcome.json), op.secrets);
    const detail =
      said === undefined
        ? portalText("gatewayNonJson", { status })
        : said.kind === "kept"
          ? said.text
          : `HTTP ${status}`;
    return { kind: "auth", message: portalText("qboxRouteMissing", { status, detail }), call };
  }
  const errors = errorItems(outcome.json);
  if (
    status === 422 &&
    op.kind === "write" &&
    op.keyField &&
    errors.some((e) => e.field === op.keyField && isDuplicate(e.description))
  ) {
    // Possibly our own earlier create that timed out: the worker looks it up (docs/design.md invariant 2).
    return { kind: "unknown", message: portalText("qboxAlreadyExists", { field: op.keyField }), call, duplicate: true };
  }
  const { secrets } = op;
  const sent = op.kind === "write" ? op.sentFields : undefined;
  const named = sent ? errors.filter((e) => sent.includes(e.field)) : errors;
  const unnamed = errors.filter((e) => !named.includes(e));
  const fields = status === 422 ? fieldErrors(named, secrets) : {};
  const said = keptMessage(withUnsentFields(bodyText(outcome.json), unnamed), secrets);
  return {
    kind: "rejected",
    // Named fields are said beside them; an error on a field not sent is only in Qboxmail's words.
    message: refusalText(status, op, Object.keys(fields).length > 0 && unnamed.length === 0, said),
    fieldErrors: fields,
    answer: refusalAnswer(said, fields),
    call,
  };
}

/**
 * What the order says of a refusal. A 422 naming fields says it beside each field ("Problems by
 * field"); any other refusal names nothing the form can point at, so Qboxmail's own message is the
 * only account of what it refused and goes into the text, quoted as its words on the pages. A
 * create's text says what the reseller can do, as its failed-order box offers "Edit and resubmit";
 * a change's, a check's or a read's is kept plain, as those are offered otherwise.
 */
function refusalText(status: number, op: QboxmailOperation, namesFields: boolean, said: KeptMessage): string {
  const detail = said.kind === "kept" ? said.text : undefined;
  // A 403 has no field to point at: it is the account (a right, its plan or billing, its state).
  if (status === 403) return detail ? portalText("qboxForbiddenSaying", { detail }) : portalText("qboxForbidden");
  if (namesFields) return portalText("qboxRejected", { status });
  if (op.kind === "write" && op.keyField)
    return detail
      ? portalText("qboxRefusedOrder", { status, detail })
      : portalText("qboxRefusedOrderUnexplained", { status });
  return detail ? portalText("qboxRejectedSaying", { status, detail }) : portalText("qboxRejected", { status });
}

/**
 * The message with the errors on fields the request did not send after it ("Validation failed:
 * name is not valid"): Qboxmail's only account of what it refused then, since such a field is no
 * field the person could correct.
 */
function withUnsentFields(message: unknown, unsent: ErrorItem[]): unknown {
  if (unsent.length === 0) return message;
  const said = typeof message === "string" ? message.trim().replace(/[\s.:]+$/, "") : "";
  const errors = unsent.map((e) => `${e.field} ${e.description}`).join("; ");
  return said ? `${said}: ${errors}` : errors;
}

/** The envelope's message (or the legacy `error`), unread here: keptMessage cleans it. */
function bodyText(json: unknown): unknown {
  if (!json || typeof json !== "object") return undefined;
  const { message, error } = json as { message?: unknown; error?: unknown };
  return typeof message === "string" && message.trim() ? message : error;
}

/** The answer as the attempt keeps it for support: the message as kept, the field errors as stored. */
function refusalAnswer(said: KeptMessage, fields: FieldErrors): RefusalAnswer {
  const errors = Object.entries(fields).flatMap(([field, list]) =>
    (list ?? []).map((description) => ({ field, description })),
  );
  return {
    ...(said.kind === "kept" ? { message: said.text } : said.kind === "withheld" ? { messageWithheld: true } : {}),
    ...(errors.length ? { errors } : {}),
  };
}

/**
 * The result of a create: the resource code from the Location header, where Qboxmail documents
 * it, else from the body's `resource_code`. When both are given and name different codes, which
 * one is the new resource cannot be told from the answer: the lookup by natural key says.
 */
export function classifyQboxmailCreate(
  outcome: HttpOutcome,
  keyField: string,
  secrets: readonly string[],
  now = Date.now(),
): UpstreamResult<QboxmailCreated> {
  const failure = classifyQboxmail(outcome, { kind: "write", keyField, secrets }, now);
  if (failure) return failure;
  if (!outcome.ok) throw new Error("unreachable: a missing answer is always a failure");
  const location = outcome.headers.get("location") ?? undefined;
  const body = outcome.json as { resource_code?: unknown } | undefined;
  // Codes are opaque strings (docs/upstream/qboxmail.md §4); a number is taken as its digits.
  const given = typeof body?.resource_code === "number" ? String(body.resource_code) : body?.resource_code;
  const fromBody = typeof given === "string" && given ? given : undefined;
  const fromLocation = lastSegment(location);
  if (fromBody && fromLocation && fromBody !== fromLocation)
    return {
      kind: "unknown",
      message: portalText("qboxCodesDiffer", { location: fromLocation, body: fromBody }),
      call: outcome.call,
    };
  const code = fromLocation ?? fromBody;
  // Created, but we cannot tell which resource: the lookup by natural key will say.
  if (!code)
    return {
      kind: "unknown",
      message: portalText("qboxNoCode", { status: outcome.status }),
      call: outcome.call,
    };
  return { kind: "success", ref: code, data: { code, ...(location ? { location } : {}) }, call: outcome.call };
}

/**
 * What is stored for a refused password field instead of Qboxmail's description. Descriptions
 * are stored as received and shown to the reseller and support; one that quotes the value it
 * refused ("'Secret123' is too weak") would keep a password in clear in the order's record, the
 * audit log and the API. No description of a password field is therefore kept, only this.
 */
export const PASSWORD_REFUSED = FIELD_PROBLEMS.passwordRefused;

/**
 * What is stored instead of another field's description that repeats one of the request's
 * secrets ("base: 'Tr0ub4dor&3' non è un valore valido"): stored as received, it would keep the
 * password in clear as a password field's would.
 */
const REASON_REPEATS_PASSWORD = FIELD_PROBLEMS.reasonRepeatsPassword;

/**
 * The fields that carry a password: the postmaster pair of a domain and the manager's pair. Not
 * the password policy flags (`password_expiration`, `block_old_password`…), whose values are no
 * secret and whose descriptions stay as received.
 */
const isPasswordField = (field: string) => /^(?:postmaster_)?password(?:_confirmation)?$/.test(field);

function fieldErrors(errors: ErrorItem[], secrets: readonly string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const { field, description } of errors) {
    const ours = FIELD_MAP[field] ?? field;
    const kept = isPasswordField(field)
      ? PASSWORD_REFUSED
      : repeatsSecretOrPart(description, secrets)
        ? REASON_REPEATS_PASSWORD
        : description;
    addFieldError(out, ours, kept);
  }
  return out;
}

function errorItems(json: unknown): ErrorItem[] {
  const errors = (json as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is { field: unknown; description: unknown } => !!e && typeof e === "object")
    .filter((e) => typeof e.field === "string")
    .map((e) => ({
      field: e.field as string,
      description: typeof e.description === "string" ? e.description : "is not valid",
    }));
}

// Only "already exists" is documented wording; an upstream may put it otherwise ("is already
// taken", "already exists.", "risulta già registrato"). On the natural key's field, any
// description saying "already" / "già" means the name is held, which is what the lookup settles.
const isDuplicate = (description: string) => {
  const text = description.trim().toLowerCase();
  return DUPLICATE_DESCRIPTIONS.has(text) || /\balready\b/.test(text) || text.includes("già");
};

// Path segments that name a collection, never a resource: a Location pointing at the list the
// create was posted to ("/api/domains") names no new code.
const COLLECTIONS = new Set(["api", "domains", "managers"]);

function lastSegment(location: string | undefined): string | undefined {
  if (!location) return undefined;
  const path = location.split(/[?#]/)[0]!.replace(/\/+$/, "");
  const segment = path.slice(path.lastIndexOf("/") + 1);
  if (!segment) return undefined;
  try {
    const code = decodeURIComponent(segment);
    return COLLECTIONS.has(code.toLowerCase()) ? undefined : code;
  } catch {
    // A malformed escape: the header names no code we can read; the body or the lookup will.
    return undefined;
  }
}
