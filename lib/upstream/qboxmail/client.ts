// Typed client for the Qboxmail Management API calls the workers make. Every call has a hard
// timeout and returns a classified result (lib/upstream/result.ts); nothing here throws for an
// upstream or network failure. The token and passwords never reach a message or CallInfo.

import { domainToASCII, domainToUnicode } from "node:url";
import { portalText } from "@/lib/i18n/portal-texts";
import { type CallScope, type HttpOutcome, httpCall } from "../http";
import { repeatsPreviousPage } from "../list-paging";
import { requestSecrets } from "../provider-message";
import type { CallInfo, LookupResult, UpstreamFailure, UpstreamResult } from "../result";
import { classifyQboxmail, classifyQboxmailCreate } from "./classify";
import type {
  QboxmailCreated,
  QboxmailDomain,
  QboxmailDomainCreate,
  QboxmailManager,
  QboxmailManagerCreate,
  QboxmailManagerUpdate,
  QboxmailPagination,
} from "./types";

export type QboxmailClientOptions = {
  /** e.g. https://api.qboxmail.com or the simulator's http://127.0.0.1:7102 (paths add /api/…). */
  baseUrl: string;
  token: string;
  timeoutMs: number;
  /** Page size for lookups; Qboxmail documents no cap and third-party clients use 200. */
  perPage?: number;
};

/**
 * The Qboxmail routes whose paths no stored documentation confirms: assumed from the REST layout
 * of the documented ones (docs/upstream/qboxmail-lifecycle.md). Kept here, in one place, so a
 * correction touches one line.
 */
const QBOXMAIL_ASSUMED_PATHS = {
  /** Documented only as "Enables or disables a domain"; copies the documented manager route. */
  domainStatus: (code: string) => `/api/domains/${encodeURIComponent(code)}/status`,
  /** Named in the index; path by REST layout. */
  deleteDomain: (code: string) => `/api/domains/${encodeURIComponent(code)}`,
  /** Get, delete manager: not retrieved; REST layout. */
  manager: (code: string) => `/api/managers/${encodeURIComponent(code)}`,
  /** MX check: named ("queues an MX check"); its body is not documented, an empty object is sent. */
  mxCheck: (code: string) => `/api/domains/${encodeURIComponent(code)}/dns`,
  /** Synchronous ownership check: documented for alias domains; the domain path is inferred. */
  ownershipSync: (code: string) => `/api/domains/${encodeURIComponent(code)}/dns_ownership_check/sync`,
} as const;

/** The record the synchronous check says Qboxmail expects (its `expected_record`). */
export type ExpectedRecord = { name: string; type: string; value: string };

/**
 * The address the ownership A record must point to when the synchronous check route, which
 * returns it at run time, cannot be read; two unrelated third-party clients use this value, so it
 * is an assumption kept here (docs/upstream/qboxmail-lifecycle.md).
 */
export const QBOXMAIL_OWNERSHIP_A_VALUE = "185.97.217.16";

// A lookup that keeps finding more pages is either a runaway list or a bug; stop somewhere.
const MAX_LOOKUP_PAGES = 100;

/** A domain name's lower-case ASCII (IDNA) form; the name itself when it has none. */
function asciiName(name: string): string {
  const lower = name.trim().toLowerCase();
  return domainToASCII(lower) || lower;
}

/** Whether a listed or read domain is the one named `name` (compared in its ASCII form). */
const domainNamed = (name: string) => {
  const wanted = asciiName(name);
  return (d: QboxmailDomain) => typeof d.name === "string" && asciiName(d.name) === wanted;
};

/** Whether a listed or read manager has the address `email` (compared trimmed, in lower case). */
const managerWithEmail = (email: string) => {
  const wanted = email.trim().toLowerCase();
  return (m: QboxmailManager) => typeof m.email_address === "string" && m.email_address.trim().toLowerCase() === wanted;
};

/**
 * The smallest page taken to be possibly cut: Qboxmail's own list examples ask for `per=25`, so a
 * provider cap below that is not expected (docs/upstream/qboxmail.md §4).
 */
const FULL_PAGE = 25;

type ListPage<T> = { resources: T[]; pagination?: Partial<QboxmailPagination> };

/**
 * A list answer's page: `{resources: [...]}` with or without its pagination block, or a bare
 * array, which docs/upstream/qboxmail.md §7 item 6 allows (an empty list as 200 `[]`); a bare
 * array is the list, empty or not. Anything else is no list (undefined).
 */
function listBody<T>(json: unknown): ListPage<T> | undefined {
  if (Array.isArray(json)) return { resources: json as T[] };
  if (!json || typeof json !== "object") return undefined;
  const body = json as ListPage<T>;
  return Array.isArray(body.resources) ? body : undefined;
}

/**
 * A list page's items that are objects: a malformed answer (`null` or a bare string among the
 * resources) must not make the client throw; such an entry names nothing and is passed over.
 */
const listItems = <T>(resources: unknown[]): T[] =>
  resources.filter((r): r is T => typeof r === "object" && r !== null && !Array.isArray(r));

/** How a list page ends the reading: more pages follow, it was the last, or it repeats the page before. */
export type PageEnd = "more" | "last" | "repeat";

/**
 * Whether a page follows this one. An empty page ends the list, and so does a page that repeats
 * the one before (a list that ignores `page`: lib/upstream/list-paging.ts). Otherwise the
 * pagination block says; without its `total_pages` nothing does (Qboxmail may cap `per` below
 * what was asked, and silently), so the reader reads on: a lookup that stopped after a full
 * first page would miss a resource on the second.
 */
function pageEnd(body: ListPage<{ code: string }>, page: number, previousFirst: string | undefined): PageEnd {
  if (body.resources.length === 0) return "last";
  if (repeatsPreviousPage(body.resources[0]?.code, previousFirst)) return "repeat";
  const totalPages = Number(body.pagination?.total_pages);
  if (Number.isFinite(totalPages) && totalPages >= 1) return page >= totalPages ? "last" : "more";
  return "more";
}

/**
 * The item of a single-resource GET. Qboxmail says such answers "usually" carry it as
 * `{resources: [item]}` (docs/upstream/qboxmail.md §4), so the bare item, `{resource: item}` and
 * `{resources: item}` are read too; anything without a string `code` is no item.
 */
function singleItem<T extends { code: string }>(json: unknown): T | undefined {
  if (!json || typeof json !== "object") return undefined;
  const body = json as { resources?: unknown; resource?: unknown; code?: unknown };
  // A bare item carries its own string `code`; it may also carry a field named `resource` or
  // `resources` of its own (e.g. `"resource": "domain"`), which is no wrapper.
  if (typeof body.code === "string" && body.code) return json as T;
  const candidate = Array.isArray(body.resources) ? body.resources[0] : (body.resources ?? body.resource ?? json);
  const code = (candidate as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" && code ? (candidate as T) : undefined;
}

/**
 * Whether a 404 is Qboxmail's own "not found": its documented error envelope
 * `{"message": …, "errors": [...]}` (docs/upstream/qboxmail.md §5; the message follows the
 * account's language, so only the shape is read), or no body at all, as an unknown code is also
 * described. A 404 with another body says nothing about the resource: a gateway's or web server's
 * page, or another service's JSON (API gateways answer an unrouted path with a bare
 * `{"message": …}`, which is why the `errors` list is required). Reading such a 404 as "absent"
 * could fail an order whose resource exists, confirm a delete that did not happen, or create twice.
 */
function isQboxmailNotFound(outcome: HttpOutcome): boolean {
  if (!outcome.ok || outcome.status !== 404) return false;
  if (outcome.text.trim() === "") return true;
  const body = outcome.json;
  if (!body || typeof body !== "object" || Array.isArray(body)) return false;
  const { message, errors } = body as { message?: unknown; errors?: unknown };
  return typeof message === "string" && Array.isArray(errors);
}

/** A 404 that is not Qboxmail's own (see above): transient, so it is asked again, never concluded on. */
function unclearNotFound(outcome: HttpOutcome): UpstreamFailure | undefined {
  if (!outcome.ok || outcome.status !== 404 || isQboxmailNotFound(outcome)) return undefined;
  const error =
    outcome.json === undefined
      ? portalText("gatewayNonJson", { status: 404 })
      : portalText("qboxRejected", { status: 404 });
  return { kind: "transient", message: portalText("unreachable", { provider: "Qboxmail", error }), call: outcome.call };
}

/**
 * Qboxmail's 404 to a write on one resource: deleted behind the portal's back, so the change
 * cannot apply. Another 404 (a gateway's page) is transient, as for a read.
 */
function goneFailure(outcome: HttpOutcome): UpstreamFailure | undefined {
  if (!isQboxmailNotFound(outcome)) return unclearNotFound(outcome);
  return {
    kind: "rejected",
    message: portalText("noLongerExists", { provider: "Qboxmail" }),
    fieldErrors: {},
    call: outcome.call,
  };
}

export class QboxmailClient {
  private readonly base: string;

  constructor(
    private readonly opts: QboxmailClientOptions,
    /** The attempt's deadline and span, passed to every request of this view (scoped()). */
    private readonly scope?: CallScope,
  ) {
    // Accept a base with or without the trailing /api.
    this.base = opts.baseUrl.replace(/\/+$/, "").replace(/\/api$/, "");
  }

  /** The same client for one attempt: its requests share the attempt's deadline and span. */
  scoped(scope: CallScope): QboxmailClient {
    return new QboxmailClient(this.opts, scope);
  }

  async createDomain(body: QboxmailDomainCreate): Promise<UpstreamResult<QboxmailCreated>> {
    return classifyQboxmailCreate(await this.call("POST", "/api/domains", body), "name", this.secretsOf(body));
  }

  async createManager(body: QboxmailManagerCreate): Promise<UpstreamResult<QboxmailCreated>> {
    return classifyQboxmailCreate(
      await this.call("POST", "/api/managers", body),
      "email_address",
      this.secretsOf(body),
    );
  }

  /**
   * `query` is a substring search upstream (a.com also finds aa.com): match exactly here. It is
   * asked in lower case, as the portal sends names, since whether `query` minds case is not
   * documented (docs/upstream/qboxmail.md §4). The portal sends names in their ASCII form; how
   * Qboxmail lists an IDN is not documented, so a name is compared in its ASCII form, and an IDN
   * not found by its ASCII form is searched for by its Unicode one too (docs/upstream/qboxmail.md §8).
   */
  async findDomainByName(name: string): Promise<LookupResult<QboxmailDomain>> {
    return this.readListed(await this.listedDomain(name), (code) => this.getDomain(code), domainNamed(name));
  }

  /**
   * The list row naming the domain, unread (the two list searches of findDomainByName, without its
   * read by code). Enough for a courtesy that only says the name is taken, the order form's
   * (lib/upstream/read-only-lookup.ts); never for judging a resource as an order's, which needs
   * the full record (readListed).
   */
  async listedDomain(name: string): Promise<LookupResult<QboxmailDomain>> {
    const wanted = asciiName(name);
    const matches = domainNamed(name);
    const byAscii = await this.findExact<QboxmailDomain>("/api/domains", wanted, matches);
    const unicode = domainToUnicode(wanted);
    if (byAscii.kind !== "absent" || !unicode || unicode === wanted) return byAscii;
    const byUnicode = await this.findExact<QboxmailDomain>("/api/domains", unicode, matches);
    return {
      ...byUnicode,
      call: { ...byUnicode.call, durationMs: byUnicode.call.durationMs + byAscii.call.durationMs },
    };
  }

  async findManagerByEmail(email: string): Promise<LookupResult<QboxmailManager>> {
    return this.readListed(await this.listedManager(email), (code) => this.getManager(code), managerWithEmail(email), {
      assumedRead: true,
    });
  }

  /** The list row of the manager with this address, unread: as listedDomain. */
  listedManager(email: string): Promise<LookupResult<QboxmailManager>> {
    return this.findExact<QboxmailManager>("/api/managers", email.trim().toLowerCase(), managerWithEmail(email));
  }

  /**
   * A list row is not the record: how many fields a list shows is not documented, and a row of
   * `{code, name, status}` would leave only the name to judge a found resource by (adoption
   * compares customer, plan, creation time and status: lib/upstream/identity.ts,
   * docs/reliability.md "Ownership"). So a hit is read by its code (the documented domain GET;
   * the manager GET is assumed, docs/upstream/qboxmail-lifecycle.md) and that full record is what
   * the lookup answers. A record that is gone, or names another code or name, right after the
   * list showed it cannot be judged now: transient, asked again (never "absent", which would
   * send the create again). Where the read is an assumed route (a manager's), an answer that is no
   * matching record may mean the route is not there rather than the manager: the list row is
   * judged then, as it was before the read was added.
   */
  private async readListed<T extends { code: string }>(
    found: LookupResult<T>,
    read: (code: string) => Promise<LookupResult<T>>,
    matches: (item: T) => boolean,
    { assumedRead = false } = {},
  ): Promise<LookupResult<T>> {
    if (found.kind !== "found") return found;
    const full = await read(found.ref);
    const call = { ...full.call, durationMs: full.call.durationMs + found.call.durationMs };
    if (full.kind === "found" && full.data.code === found.ref && matches(full.data))
      return { kind: "found", ref: found.ref, data: full.data, call };
    // Any other answer of an assumed route (a 404 of another body, a 405) or a record without
    // the field the row was found by says nothing about the resource: the row is judged.
    if (assumedRead && (full.kind !== "found" || !matches(full.data))) return { ...found, call };
    if (full.kind === "found" || full.kind === "absent")
      return { kind: "transient", message: portalText("qboxNoResource"), call };
    return { ...full, call };
  }

  getDomain(code: string): Promise<LookupResult<QboxmailDomain>> {
    return this.getOne<QboxmailDomain>(`/api/domains/${encodeURIComponent(code)}`);
  }

  getManager(code: string): Promise<LookupResult<QboxmailManager>> {
    return this.getOne<QboxmailManager>(QBOXMAIL_ASSUMED_PATHS.manager(code));
  }

  /**
   * A manager by its code, for a read whose "absent" ends something (a delete's read-back: the
   * order succeeds and the service ends). The GET by code is an assumed route, and its 404 may
   * say the route is not there rather than the manager (as readListed treats its answers), so an
   * absence is asked again of the managers list, by the manager's e-mail as the lookups ask it:
   * a row there with the manager's code is the answer (found; the row is judged, as readListed
   * judges one when the assumed read says nothing), and only a list without it says absent. So
   * is any answer that says nothing of the manager, as readListed takes it: a 404 of another
   * body, a 405, a 2xx that is no manager record, what a server without the route answers. A
   * list that cannot be read is that failure, never "absent" (docs/upstream/qboxmail-lifecycle.md).
   */
  async readManagerConfirmingAbsence(code: string, email: string): Promise<LookupResult<QboxmailManager>> {
    const byCode = await this.getManager(code);
    if (!saysNothingOfManager(byCode, code)) return byCode;
    const listed = await this.findExact<QboxmailManager>(
      "/api/managers",
      email.trim().toLowerCase(),
      (m) => m.code === code,
    );
    return { ...listed, call: { ...listed.call, durationMs: listed.call.durationMs + byCode.call.durationMs } };
  }

  /** 204 → deleted; Qboxmail's 404 → already gone (success with `deleted: false`, the wanted end state). */
  deleteDomain(code: string): Promise<UpstreamResult<{ deleted: boolean }>> {
    return this.delete(QBOXMAIL_ASSUMED_PATHS.deleteDomain(code), code);
  }

  deleteManager(code: string): Promise<UpstreamResult<{ deleted: boolean }>> {
    return this.delete(QBOXMAIL_ASSUMED_PATHS.manager(code), code);
  }

  /**
   * One page of the inventory (drift check), read by the lookups' rule (`pageEnd`): `previousFirst`
   * is the code the page before began with. Without a pagination block a page with items says
   * "perhaps more", so the caller reads on to an empty or a repeated page rather than call
   * everything past page 1 missing.
   */
  async listPage(
    what: "domains" | "managers",
    page: number,
    per: number,
    previousFirst: string | undefined,
  ): Promise<
    { ok: true; items: Record<string, unknown>[]; end: PageEnd; notFound?: true } | { ok: false; message: string }
  > {
    const qs = new URLSearchParams({ page: String(page), per: String(per) });
    const outcome = await this.call("GET", `/api/${what}?${qs}`);
    // Some Qboxmail lists answer 404 instead of an empty page (docs/upstream/qboxmail.md §4); so
    // would a list route that is not there: `notFound` lets the caller tell the two apart. Only
    // with Qboxmail's own envelope: a gateway's 404 page is no list at all.
    if (isQboxmailNotFound(outcome)) return { ok: true, items: [], end: "last", notFound: true };
    const unclear = unclearNotFound(outcome);
    if (unclear) return { ok: false, message: unclear.message };
    const failure = classifyQboxmail(outcome, { kind: "read", secrets: this.secretsOf() });
    if (failure) return { ok: false, message: failure.message };
    const body = listBody<{ code: string }>(outcome.ok ? outcome.json : undefined);
    if (!body) return { ok: false, message: portalText("qboxNoResources") };
    return {
      ok: true,
      items: listItems<Record<string, unknown>>(body.resources),
      end: pageEnd(body, page, previousFirst),
    };
  }

  /** Partial update (send only what changes). The body of the answer is not relied on: read back. */
  updateDomain(code: string, body: Record<string, unknown>): Promise<UpstreamResult<{ code: string }>> {
    return this.put(`/api/domains/${encodeURIComponent(code)}`, code, body);
  }

  setDomainStatus(code: string, status: "enabled" | "disabled"): Promise<UpstreamResult<{ code: string }>> {
    return this.put(QBOXMAIL_ASSUMED_PATHS.domainStatus(code), code, { status });
  }

  updateManager(code: string, body: QboxmailManagerUpdate): Promise<UpstreamResult<{ code: string }>> {
    return this.put(`/api/managers/${encodeURIComponent(code)}`, code, body);
  }

  /** Documented route (`PUT /api/managers/{code}/status`); only a reseller admin may: 403 otherwise. */
  setManagerStatus(code: string, status: "enabled" | "disabled"): Promise<UpstreamResult<{ code: string }>> {
    return this.put(`/api/managers/${encodeURIComponent(code)}/status`, code, { status });
  }

  /**
   * Queues the DNS ownership check; the outcome shows later in GET's `status`. Safe to repeat.
   * The route takes no body; an empty JSON object is sent, as every PUT sends a body said to be
   * JSON (a strict server answers 400 to an empty one said so).
   */
  ownershipCheck(code: string): Promise<UpstreamResult<{ code: string }>> {
    return this.put(`/api/domains/${encodeURIComponent(code)}/dns_ownership_check`, code, {});
  }

  /**
   * The synchronous ownership check: Qboxmail checks the DNS at once (and queues the activation
   * when the record resolves) and answers the record it expects, the authoritative name and
   * address to show the owner (docs/upstream/qboxmail-lifecycle.md). Safe to repeat.
   */
  async ownershipSync(code: string): Promise<UpstreamResult<{ verified: boolean; expected?: ExpectedRecord }>> {
    const outcome = await this.call("PUT", QBOXMAIL_ASSUMED_PATHS.ownershipSync(code), {});
    const failure =
      goneFailure(outcome) ?? classifyQboxmail(outcome, { kind: "write", sentFields: [], secrets: this.secretsOf() });
    if (failure) return failure;
    const body = (outcome.ok ? outcome.json : undefined) as
      | { verified?: unknown; expected_record?: { name?: unknown; type?: unknown; value?: unknown } | null }
      | undefined;
    const r = body?.expected_record;
    const expected =
      r && typeof r.name === "string" && r.name && typeof r.value === "string" && r.value
        ? { name: r.name, type: typeof r.type === "string" && r.type ? r.type : "A", value: r.value }
        : undefined;
    return {
      kind: "success",
      ref: code,
      data: { verified: body?.verified === true, ...(expected ? { expected } : {}) },
      call: outcome.call,
    };
  }

  /**
   * Queues Qboxmail's MX check of a domain; the outcome shows later in GET's `status_detail`.
   * Safe to repeat. Path and empty body assumed (docs/upstream/qboxmail-lifecycle.md).
   */
  mxCheck(code: string): Promise<UpstreamResult<{ code: string }>> {
    return this.put(QBOXMAIL_ASSUMED_PATHS.mxCheck(code), code, {});
  }

  private async put(path: string, code: string, body: unknown): Promise<UpstreamResult<{ code: string }>> {
    const outcome = await this.call("PUT", path, body);
    return (
      goneFailure(outcome) ??
      classifyQboxmail(outcome, {
        kind: "write",
        sentFields: body && typeof body === "object" ? Object.keys(body) : [],
        secrets: this.secretsOf(body),
      }) ?? {
        kind: "success",
        ref: code,
        data: { code },
        call: outcome.call,
      }
    );
  }

  /**
   * A 404 with Qboxmail's envelope is "already gone" (`deleted: false`), which the worker still
   * confirms by reading the resource back (workers/processors/change-order.ts); a 404 of another
   * body is no answer about the resource (transient).
   */
  private async delete(path: string, code: string): Promise<UpstreamResult<{ deleted: boolean }>> {
    const outcome = await this.call("DELETE", path);
    if (isQboxmailNotFound(outcome))
      return { kind: "success", ref: code, data: { deleted: false }, call: outcome.call };
    const unclear = unclearNotFound(outcome);
    if (unclear) return unclear;
    return (
      classifyQboxmail(outcome, { kind: "write", sentFields: [], secrets: this.secretsOf() }) ?? {
        kind: "success",
        ref: code,
        data: { deleted: true },
        call: outcome.call,
      }
    );
  }

  private async getOne<T extends { code: string }>(path: string): Promise<LookupResult<T>> {
    const outcome = await this.call("GET", path);
    if (isQboxmailNotFound(outcome)) return { kind: "absent", call: outcome.call };
    const failure = unclearNotFound(outcome) ?? classifyQboxmail(outcome, { kind: "read", secrets: this.secretsOf() });
    if (failure) return failure;
    const item = singleItem<T>(outcome.ok ? outcome.json : undefined);
    if (!item) return { kind: "transient", message: portalText("qboxNoResource"), call: outcome.call };
    return { kind: "found", ref: item.code, data: item, call: outcome.call };
  }

  private async findExact<T extends { code: string }>(
    path: string,
    query: string,
    matches: (item: T) => boolean,
  ): Promise<LookupResult<T>> {
    const per = this.opts.perPage ?? 200;
    let totalMs = 0;
    let last: CallInfo | undefined;
    let previousFirst: string | undefined;
    for (let page = 1; page <= MAX_LOOKUP_PAGES; page++) {
      const qs = new URLSearchParams({ query, per: String(per), page: String(page) });
      const outcome = await this.call("GET", `${path}?${qs}`);
      totalMs += outcome.call.durationMs;
      last = { ...outcome.call, durationMs: totalMs };
      // Some Qboxmail lists answer 404 instead of an empty page (docs/upstream/qboxmail.md §4),
      // with its envelope; any other 404 is transient, so a final lookup holds rather than fails.
      if (isQboxmailNotFound(outcome)) return { kind: "absent", call: last };
      const failure =
        unclearNotFound(outcome) ?? classifyQboxmail(outcome, { kind: "read", secrets: this.secretsOf() });
      if (failure) return { ...failure, call: last };
      const body = listBody<T>(outcome.ok ? outcome.json : undefined);
      if (!body) return { kind: "transient", message: portalText("qboxNoResources"), call: last };
      const hit = listItems<T>(body.resources).find(matches);
      if (hit) return { kind: "found", ref: hit.code, data: hit, call: last };
      const end = pageEnd(body, page, previousFirst);
      // A page that repeats the one before: the list ignores `page`, so its first page is all it
      // shows. A short page is the whole list; a page of FULL_PAGE or more items may be cut at a
      // `per` the provider capped silently, and what lies past it cannot be read: said so
      // (transient) rather than "absent", which would send the create again.
      if (end === "repeat" && body.resources.length >= FULL_PAGE)
        return {
          kind: "transient",
          message: portalText("qboxListRepeats", { count: body.resources.length }),
          call: last,
        };
      if (end !== "more") return { kind: "absent", call: last };
      previousFirst = body.resources[0]?.code;
    }
    return { kind: "transient", message: portalText("qboxListTooLong", { pages: MAX_LOOKUP_PAGES }), call: last! };
  }

  /**
   * What a request carries that no kept words of its answer may repeat (classify.ts): the API
   * token, sent with every call, and the passwords of its body (a create's, a password change's).
   * Every classification in this client is given them, a lookup's and a check's too.
   */
  private secretsOf(body?: unknown): readonly string[] {
    return [this.opts.token, ...requestSecrets(body)];
  }

  private call(method: string, path: string, body?: unknown): Promise<HttpOutcome> {
    // The legacy reference names both headers with this one value. Content-Type only with a body:
    // an empty body said to be JSON is not JSON, and a server that reads it answers 400, which
    // would fail a delete and hold every lookup and read-back (docs/upstream/qboxmail.md §1).
    const headers: Record<string, string> = { "X-Api-Token": this.opts.token, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return httpCall({
      method,
      url: `${this.base}${path}`,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: this.opts.timeoutMs,
      scope: this.scope,
    });
  }
}

/**
 * Whether an answer of the assumed manager GET says nothing about manager `code`: Qboxmail's own
 * 404, or what a server without that route answers (a 404 of another body, a 405, a 2xx that is
 * no manager record or another manager's, as the first row of a list would be). A refusal of the
 * account (401, 403) and a failure (5xx, a timeout) are answers about the call, and passed on.
 */
function saysNothingOfManager(r: LookupResult<unknown>, code: string): boolean {
  if (r.kind === "absent") return true;
  if (r.kind === "found") return r.ref !== code;
  if (r.kind === "auth") return false;
  const status = r.call.status;
  return status === 404 || status === 405 || (status !== undefined && status >= 200 && status < 300);
}
