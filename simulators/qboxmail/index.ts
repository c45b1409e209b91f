// The Qboxmail Management API stand-in (docs/upstream/qboxmail.md). Check order:
// token (401, before the body is read) → role (403) → JSON (400) → fields (422, all at once).
// Quirks are settings (POST /__sim/settings; each is described where `defaults` sets it), among
// them `managerDeleteNotFound`: a manager DELETE answers the 404 envelope and deletes nothing,
// `caseSensitiveQuery`: names kept as sent and `query` minding case, and `strictJsonBodies` (on by
// default): on every route, a body said to be JSON must be JSON, an empty one included.
import { createHash, randomInt, randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import { domainToUnicode } from "node:url";
import type { SimContext, SimProvider, SimRequest, SimResponse } from "../common/types";
import type { Body } from "./check";
import { checkDomainCreate } from "./domain-create";
import {
  activate,
  type Outcome,
  ownershipRecordExists,
  setDomainStatus,
  setManagerStatus,
  updateDomain,
  updateManager,
} from "./lifecycle";
import { listPage } from "./list";
import { checkManagerCreate } from "./manager-create";
import { type Language, texts } from "./messages";
import { type DomainRecord, type ManagerRecord, QboxmailState, queuedForDeletion } from "./state";

/** reseller: everything; admin: a reseller admin, who must name the customer_code of a new domain;
 * customer: its domains; manager: reads domains; postmaster: none of these routes; nobilling: a
 * reseller without a billing profile (403 on billable creates, i.e. domains). All roles see one
 * shared set of resources: the simulator does not model tenants. */
export type QboxmailRole = "reseller" | "admin" | "customer" | "manager" | "postmaster" | "nobilling";

export type QboxmailSimOptions = {
  tokens: Record<string, string>; // token → QboxmailRole
  language?: Language;
  /** Qboxmail's own transcript answers (docs/upstream/qboxmail.md §2) `Location: https://api.qboxmail.com/domains/<code>` (no /api). */
  locationBase?: string;
  /** Largest `per` honoured; larger requests get pages of this size. */
  maxPer?: number;
  /** A 3P client saw 404 for an empty list; off by default (docs/upstream/qboxmail.md §4). */
  emptyListNotFound?: boolean;
  /** DELETE queues deletion: the domain stays listed (status: the deletingStatus setting, "deleting"
   * by default) and keeps its name, until
   * `asyncDeleteMs` later it is gone (404). */
  asyncDelete?: boolean;
  /** Known customer codes; any other customer_code is 422 "is not valid". */
  customerCodes?: string[];
};

/** How GET of one resource answers: single-resource endpoints "usually" wrap the item in
 * `resources` (docs/upstream/qboxmail.md §4), so the other shapes a contract-true upstream may
 * use are a setting: the bare item, or the item under `resource`. */
type SingleShape = "resources" | "bare" | "resource";
const SINGLE_SHAPES: readonly SingleShape[] = ["resources", "bare", "resource"];

type Permission =
  | "domains:create"
  | "domains:read"
  | "domains:delete"
  | "managers:create"
  | "managers:read"
  | "managers:delete";
const ROLE_PERMISSIONS: Record<QboxmailRole, Permission[]> = {
  reseller: ["domains:create", "domains:read", "domains:delete", "managers:create", "managers:read", "managers:delete"],
  admin: ["domains:create", "domains:read", "domains:delete", "managers:create", "managers:read", "managers:delete"],
  nobilling: ["domains:read", "domains:delete", "managers:create", "managers:read", "managers:delete"],
  customer: ["domains:create", "domains:read", "domains:delete"],
  manager: ["domains:read"],
  postmaster: [],
};

const UNAUTHORIZED = { message: "Unauthorized", errors: [] };
const FORBIDDEN = { message: "Forbidden", errors: [] };
const NOT_FOUND = { message: "Not found", errors: [] };
const BAD_REQUEST = { message: "Bad request", errors: [] };

export function createQboxmailSimulator(options: QboxmailSimOptions): SimProvider {
  const state = new QboxmailState();
  const defaults = {
    language: options.language ?? "en",
    emptyListNotFound: options.emptyListNotFound ?? false,
    asyncDelete: options.asyncDelete ?? false,
    asyncDeleteMs: 1_000,
    /** How long after a successful ownership check the domain turns enabled. */
    activationDelayMs: 0,
    singleShape: "resources" as SingleShape,
    /** Domain names are listed and searched in their Unicode form (an IDN sent as xn--…). How
     * Qboxmail shows an IDN is not documented (docs/upstream/qboxmail.md §8). */
    unicodeNames: false,
    /** Lists answer without their pagination block. */
    withoutPagination: false,
    /**
     * Lists answer a bare JSON array (an empty list as 200 `[]`), without `resources` or a
     * pagination block, as docs/upstream/qboxmail.md §7 item 6 allows.
     */
    bareArrayLists: false,
    /**
     * List rows show only `{code, name, status}` (managers `{code, email_address, status}`); GET
     * by code still answers the whole record. How many fields a list row carries is not
     * documented (docs/upstream/qboxmail.md §4).
     */
    shortListRows: false,
    /** Customer codes known besides the option's, so a test can make another customer's domain. */
    customerCodes: [] as string[],
    /** Lists answer page 1 whatever page is asked for. */
    pageIgnored: false,
    /** Largest `per` honoured, when set here (else the option's). */
    maxPer: undefined as number | undefined,
    /**
     * The `status_detail` a domain shows once activated: `ok`, or another word for the panel's
     * "Active, MX records to update or verify" (assumed mapping, docs/upstream/qboxmail-lifecycle.md).
     */
    activeStatusDetail: "ok",
    /** The MX check (`PUT /api/domains/{code}/dns`) finds the records still wrong: the detail stays. */
    mxRecordsWrong: false,
    /** The status a domain shows while its deletion is queued. */
    deletingStatus: "deleting",
    /**
     * How long a domain's status change takes: for this long after the PUT the domain shows
     * `updatingStatus`, then the new status (0: at once). The panel shows "Updating" meanwhile
     * (docs/upstream/qboxmail-lifecycle.md).
     */
    statusChangeMs: 0,
    /**
     * The same for a settings change (`PUT /api/domains/{code}`): for this long the domain shows
     * `updatingStatus` and its old settings, then the new ones (0: at once). Qboxmail's documents
     * say settings changes may go through "Updating" before taking effect.
     */
    settingsChangeMs: 0,
    updatingStatus: "updating",
    /** The address the ownership A record must point to. */
    ownershipAddress: "185.97.217.16",
    /**
     * `DELETE /api/managers/{code}` answers Qboxmail's 404 envelope and deletes nothing, as a
     * manager route other than the assumed one would (docs/upstream/qboxmail-lifecycle.md): the
     * worker must not take that 404 for "already gone" without reading the manager back.
     */
    managerDeleteNotFound: false,
    /**
     * `query` matches as typed, case and all, and names are listed as they were sent (a domain's
     * too, which is otherwise kept in lower case). How `query` matches is not documented
     * (docs/upstream/qboxmail.md §4); duplicates are still found whatever the case.
     */
    caseSensitiveQuery: false,
    /**
     * On every route, after the token and the role: a request whose Content-Type says JSON must
     * carry JSON (an empty body is not), and one with another Content-Type is refused, 400, as a
     * server that reads every body would (docs/upstream/qboxmail.md §1). Off, only the creates,
     * updates and checks read a body.
     */
    strictJsonBodies: true,
    /** The fake DNS table: lower-case name → A record value. */
    dns: {} as Record<string, string>,
  };
  let settings = { ...defaults };
  // The password each domain's postmaster and each manager has now, as a SHA-256 digest, never in
  // a GET answer: tests ask the control route whether a password took (a sign-in, in effect).
  const passwords = new Map<string, string>();
  const digest = (pw: string) => createHash("sha256").update(pw).digest("hex");
  const rememberPassword = (code: string, pw: unknown) => {
    if (typeof pw === "string") passwords.set(code, digest(pw));
  };
  const locationBase = (options.locationBase ?? "https://api.qboxmail.com").replace(/\/$/, "");
  const listOpts = () => ({
    maxPer: settings.maxPer ?? options.maxPer ?? 200,
    emptyListNotFound: settings.emptyListNotFound,
    withoutPagination: settings.withoutPagination,
    pageIgnored: settings.pageIgnored,
    caseSensitive: settings.caseSensitiveQuery,
    bareArray: settings.bareArrayLists,
  });
  const shortRow = (fields: string[]) => (item: Record<string, unknown>) =>
    settings.shortListRows ? Object.fromEntries(fields.map((f) => [f, item[f]])) : item;

  function route(req: SimRequest, ctx: SimContext): SimResponse {
    // Provider-specific control route (no token): switch quirks at run time.
    if (req.method === "POST" && req.path === "/__sim/settings") {
      const body = parseJson(req) ?? {};
      if (body.language === "en" || body.language === "it") settings.language = body.language;
      if (typeof body.emptyListNotFound === "boolean") settings.emptyListNotFound = body.emptyListNotFound;
      if (typeof body.asyncDelete === "boolean") settings.asyncDelete = body.asyncDelete;
      if (typeof body.asyncDeleteMs === "number") settings.asyncDeleteMs = body.asyncDeleteMs;
      if (typeof body.activationDelayMs === "number") settings.activationDelayMs = body.activationDelayMs;
      if (typeof body.unicodeNames === "boolean") settings.unicodeNames = body.unicodeNames;
      if (typeof body.withoutPagination === "boolean") settings.withoutPagination = body.withoutPagination;
      if (typeof body.pageIgnored === "boolean") settings.pageIgnored = body.pageIgnored;
      if (typeof body.maxPer === "number" && body.maxPer >= 1) settings.maxPer = body.maxPer;
      if (typeof body.deletingStatus === "string" && body.deletingStatus) settings.deletingStatus = body.deletingStatus;
      if (typeof body.statusChangeMs === "number" && body.statusChangeMs >= 0)
        settings.statusChangeMs = body.statusChangeMs;
      if (typeof body.settingsChangeMs === "number" && body.settingsChangeMs >= 0)
        settings.settingsChangeMs = body.settingsChangeMs;
      if (typeof body.updatingStatus === "string" && body.updatingStatus) settings.updatingStatus = body.updatingStatus;
      if (typeof body.activeStatusDetail === "string" && body.activeStatusDetail)
        settings.activeStatusDetail = body.activeStatusDetail;
      if (typeof body.mxRecordsWrong === "boolean") settings.mxRecordsWrong = body.mxRecordsWrong;
      if (typeof body.managerDeleteNotFound === "boolean") settings.managerDeleteNotFound = body.managerDeleteNotFound;
      if (typeof body.caseSensitiveQuery === "boolean") settings.caseSensitiveQuery = body.caseSensitiveQuery;
      if (typeof body.bareArrayLists === "boolean") settings.bareArrayLists = body.bareArrayLists;
      if (typeof body.shortListRows === "boolean") settings.shortListRows = body.shortListRows;
      if (Array.isArray(body.customerCodes) && body.customerCodes.every((c: unknown) => typeof c === "string"))
        settings.customerCodes = body.customerCodes as string[];
      if (typeof body.strictJsonBodies === "boolean") settings.strictJsonBodies = body.strictJsonBodies;
      if (typeof body.ownershipAddress === "string" && body.ownershipAddress)
        settings.ownershipAddress = body.ownershipAddress;
      if (SINGLE_SHAPES.includes(body.singleShape as SingleShape))
        settings.singleShape = body.singleShape as SingleShape;
      return { status: 200, body: settings };
    }
    // Control route: publish (value) or remove (null) a DNS A record in the fake table.
    if (req.method === "POST" && req.path === "/__sim/qboxmail/dns") {
      const body = parseJson(req) ?? {};
      if (typeof body.name !== "string") return { status: 400, body: { message: "name is required" } };
      const name = body.name.toLowerCase().replace(/\.$/, "");
      if (typeof body.value === "string") settings.dns = { ...settings.dns, [name]: body.value };
      else settings.dns = Object.fromEntries(Object.entries(settings.dns).filter(([k]) => k !== name));
      ctx.changed();
      return { status: 200, body: { dns: settings.dns } };
    }
    // Control route: show a domain in another status, as Qboxmail does while another operation
    // runs ("updating") or after a fault ("error"); the values are not documented.
    if (req.method === "POST" && req.path === "/__sim/qboxmail/domain-status") {
      const body = parseJson(req) ?? {};
      const domain = typeof body.code === "string" ? state.domains.get(body.code) : undefined;
      if (!domain || typeof body.status !== "string" || !body.status)
        return { status: 400, body: { message: "the code of an existing domain and a status are required" } };
      domain.status = body.status;
      ctx.changed();
      return { status: 200, body: { code: body.code, status: domain.status } };
    }
    // Control route: date a domain's or a manager's creation back, as one made in the panel long
    // before would read.
    if (req.method === "POST" && req.path === "/__sim/qboxmail/created-at") {
      const body = parseJson(req) ?? {};
      const code = typeof body.code === "string" ? body.code : "";
      const record = state.domains.get(code) ?? state.managers.get(code);
      if (!record || typeof body.created_at !== "string" || Number.isNaN(Date.parse(body.created_at)))
        return {
          status: 400,
          body: { message: "the code of an existing domain or manager and a created_at are required" },
        };
      record.created_at = body.created_at;
      ctx.changed();
      return { status: 200, body: { code, created_at: record.created_at } };
    }
    // Control route: does this password open the domain's postmaster (or the manager) now?
    if (req.method === "POST" && req.path === "/__sim/qboxmail/password-check") {
      const body = parseJson(req) ?? {};
      if (typeof body.code !== "string" || typeof body.password !== "string")
        return { status: 400, body: { message: "code and password are required" } };
      return { status: 200, body: { matches: passwords.get(body.code) === digest(body.password) } };
    }
    const [, api, collection, code, action, ...rest] = req.path.split("/");
    // The synchronous ownership check is the one route a level deeper.
    const sync = collection === "domains" && action === "dns_ownership_check" && rest.join("/") === "sync";
    if (api !== "api" || (collection !== "domains" && collection !== "managers") || (rest.length && !sync))
      return { status: 404, body: NOT_FOUND };

    const header = req.headers["x-api-token"];
    const token = Array.isArray(header) ? header[0] : header;
    const role = token ? (options.tokens[token] as QboxmailRole | undefined) : undefined;
    if (!role || !ROLE_PERMISSIONS[role]) return { status: 401, body: UNAUTHORIZED };
    const can = (p: Permission) => ROLE_PERMISSIONS[role].includes(p);
    // The role first (403), then the body (400), then the route's own checks.
    const may = (p: Permission, run: () => SimResponse): SimResponse =>
      !can(p) ? forbidden() : settings.strictJsonBodies && unreadableBody(req) ? badRequest() : run();

    if (collection === "domains") {
      if (!code && req.method === "GET") return may("domains:read", () => listDomains(req));
      if (!code && req.method === "POST") return may("domains:create", () => createDomain(req, ctx, role));
      if (code && !action && req.method === "GET")
        return may("domains:read", () => one(maybe(state.domains.get(code), shown)));
      if (code && !action && req.method === "DELETE") return may("domains:delete", () => deleteDomain(code, ctx));
      // The checks take no body; one said to be JSON must be JSON (an empty one is not), as a
      // strict server would answer (docs/upstream/qboxmail-lifecycle.md).
      const checkRoute = code && req.method === "PUT" && (action === "dns_ownership_check" || action === "dns");
      if (checkRoute && badJsonBody(req)) return badRequest();
      if (code && sync && req.method === "PUT") return may("domains:read", () => ownershipSync(code, ctx));
      if (code && action === "dns_ownership_check" && req.method === "PUT")
        return may("domains:read", () => ownershipCheck(code, ctx));
      if (code && action === "dns" && req.method === "PUT") return may("domains:read", () => mxCheck(code, ctx));
      if (code && !action && req.method === "PUT")
        return may("domains:create", () => changeDomain(code, req, ctx, updateDomain));
      if (code && action === "status" && req.method === "PUT")
        return may("domains:create", () => changeDomain(code, req, ctx, setDomainStatus));
    } else {
      if (!code && req.method === "GET") return may("managers:read", () => listManagers(req));
      if (!code && req.method === "POST") return may("managers:create", () => createManager(req, ctx));
      if (code && !action && req.method === "GET") return may("managers:read", () => one(state.managers.get(code)));
      if (code && !action && req.method === "DELETE") return may("managers:delete", () => deleteManager(code, ctx));
      if (code && !action && req.method === "PUT")
        return may("managers:create", () => changeManager(code, req, ctx, updateManager));
      if (code && action === "status" && req.method === "PUT")
        return may("managers:create", () => changeManager(code, req, ctx, setManagerStatus));
    }
    return { status: 404, body: NOT_FOUND };
  }

  function createDomain(req: SimRequest, ctx: SimContext, role: QboxmailRole): SimResponse {
    const body = parseJson(req);
    if (!body) return { status: 400, body: BAD_REQUEST };
    const check = checkDomainCreate(body, state, {
      customerCodes: [...(options.customerCodes ?? []), ...settings.customerCodes],
      customerRequired: role === "admin",
    });
    if (!check.ok) {
      if (check.duplicate) ctx.ledger.recordDuplicate("domain", check.duplicate);
      return validationFailed(check.failures);
    }
    const code = state.newCode("D");
    const now = new Date().toISOString();
    const record: DomainRecord = {
      code,
      ...check.fields,
      // Kept as sent under caseSensitiveQuery (the duplicate check still ignores case).
      ...(settings.caseSensitiveQuery && typeof body.name === "string" ? { name: body.name.trim() } : {}),
      status: "ownership_check",
      status_detail: "waiting_ownership",
      created_at: now,
      updated_at: now,
      activated_at: null,
      manager_code: null,
      no_email_accounts: 0,
      dkim_enabled: false,
      possession_a_record: `d${String(randomInt(0, 1e9)).padStart(9, "0")}`,
    };
    state.addDomain(record);
    rememberPassword(code, body.postmaster_password);
    ctx.ledger.recordCreate("domain", record.name, code, check.fields);
    ctx.changed();
    return created(`${locationBase}/domains/${code}`, code);
  }

  function createManager(req: SimRequest, ctx: SimContext): SimResponse {
    const body = parseJson(req);
    if (!body) return { status: 400, body: BAD_REQUEST };
    const check = checkManagerCreate(body, state);
    if (!check.ok) {
      if (check.duplicate) ctx.ledger.recordDuplicate("manager", check.duplicate);
      return validationFailed(check.failures);
    }
    const code = state.newCode("MN");
    const now = new Date().toISOString();
    // The create does not take the Delivery limits, only the update does; assumed to start at
    // "no limit" (-1) like every create limit left out (docs/upstream/qboxmail-lifecycle.md).
    const record: ManagerRecord = {
      code,
      ...check.fields,
      max_delivery_domains: -1,
      max_delivery_accounts: -1,
      status: "enabled",
      created_at: now,
      updated_at: now,
    };
    state.addManager(record);
    rememberPassword(code, body.password);
    for (const d of record.domain_codes) state.domains.get(d)!.manager_code = code;
    ctx.ledger.recordCreate("manager", record.email_address, code, check.fields);
    ctx.changed();
    return created(`${locationBase}/managers/${code}`, code);
  }

  /**
   * Settings changes under way, by domain: the status to show again once the last one settles,
   * and how many are still pending. Each settles only the fields it changed, so a second change
   * (or anything else) within the window is neither lost nor undone.
   */
  const settling = new Map<string, { status: unknown; status_detail: unknown; pending: number }>();

  /** Shows `domain` with its old settings and `updatingStatus` until settingsChangeMs has passed. */
  function settleLater(code: string, before: DomainRecord, domain: DomainRecord, ctx: SimContext): void {
    const changed = Object.keys(domain).filter((k) => JSON.stringify(domain[k]) !== JSON.stringify(before[k]));
    const values = Object.fromEntries(changed.map((k) => [k, domain[k]]));
    const entry = settling.get(code) ?? { status: before.status, status_detail: before.status_detail, pending: 0 };
    entry.pending += 1;
    settling.set(code, entry);
    for (const k of changed) domain[k] = before[k];
    Object.assign(domain, { status: settings.updatingStatus, status_detail: settings.updatingStatus });
    setTimeout(() => {
      entry.pending -= 1;
      const d = state.domains.get(code);
      if (d) Object.assign(d, values);
      if (entry.pending === 0) {
        settling.delete(code);
        if (d?.status === settings.updatingStatus)
          Object.assign(d, { status: entry.status, status_detail: entry.status_detail });
      }
      ctx.changed();
    }, settings.settingsChangeMs).unref();
  }

  function changeDomain(
    code: string,
    req: SimRequest,
    ctx: SimContext,
    apply: (d: DomainRecord, b: Body) => Outcome,
  ): SimResponse {
    const domain = state.domains.get(code);
    if (!domain || queuedForDeletion(domain)) return { status: 404, body: NOT_FOUND };
    const body = parseJson(req);
    if (!body) return { status: 400, body: BAD_REQUEST };
    const before = structuredClone(domain);
    const outcome = apply(domain, body);
    if ("failures" in outcome) return validationFailed(outcome.failures);
    if (apply === updateDomain && settings.settingsChangeMs > 0) settleLater(code, before, domain, ctx);
    if (apply === setDomainStatus && settings.statusChangeMs > 0) {
      // Applied, but shown as under way until the change settles.
      const settled = { status: domain.status, status_detail: domain.status_detail };
      Object.assign(domain, { status: settings.updatingStatus, status_detail: settings.updatingStatus });
      setTimeout(() => {
        const d = state.domains.get(code);
        if (d?.status === settings.updatingStatus) Object.assign(d, settled);
        ctx.changed();
      }, settings.statusChangeMs).unref();
    }
    rememberPassword(code, body.postmaster_password);
    ctx.ledger.recordChange("domain", code, apply === setDomainStatus ? "status" : "update");
    ctx.changed();
    return { status: 204 };
  }

  function changeManager(
    code: string,
    req: SimRequest,
    ctx: SimContext,
    apply: (s: QboxmailState, m: ManagerRecord, b: Body) => Outcome,
  ): SimResponse {
    const manager = state.managers.get(code);
    if (!manager) return { status: 404, body: NOT_FOUND };
    const body = parseJson(req);
    if (!body) return { status: 400, body: BAD_REQUEST };
    const outcome = apply(state, manager, body);
    if ("failures" in outcome) return validationFailed(outcome.failures);
    rememberPassword(code, body.password);
    ctx.ledger.recordChange("manager", code, apply === setManagerStatus ? "status" : "update");
    ctx.changed();
    return { status: 204 };
  }

  function deleteDomain(code: string, ctx: SimContext): SimResponse {
    const domain = state.domains.get(code);
    if (!domain || queuedForDeletion(domain)) return { status: 404, body: NOT_FOUND };
    if (settings.asyncDelete) {
      // Which status a queued deletion shows is not documented (docs/upstream/qboxmail-lifecycle.md).
      domain.status = settings.deletingStatus;
      domain.deletion_queued_at = new Date().toISOString();
      // The queued cleanup finishes later; until then the name stays taken.
      setTimeout(() => {
        if (queuedForDeletion(state.domains.get(code))) state.removeDomain(code);
        ctx.changed();
      }, settings.asyncDeleteMs).unref();
    } else state.removeDomain(code);
    for (const m of state.managers.values()) m.domain_codes = m.domain_codes.filter((c) => c !== code);
    ctx.ledger.recordChange("domain", code, "delete");
    ctx.changed();
    return { status: 204 };
  }

  function deleteManager(code: string, ctx: SimContext): SimResponse {
    if (settings.managerDeleteNotFound) return { status: 404, body: NOT_FOUND };
    if (!state.removeManager(code)) return { status: 404, body: NOT_FOUND };
    for (const d of state.domains.values()) if (d.manager_code === code) d.manager_code = null;
    ctx.ledger.recordChange("manager", code, "delete");
    ctx.changed();
    return { status: 204 };
  }

  // Queued check: answers 2xx with no body whatever the DNS says; activation follows later, and
  // only when the ownership record exists in the fake DNS table.
  function ownershipCheck(code: string, ctx: SimContext): SimResponse {
    const domain = state.domains.get(code);
    if (!domain || queuedForDeletion(domain)) return { status: 404, body: NOT_FOUND };
    if (domain.status === "ownership_check" && ownershipRecordExists(domain, settings.dns, settings.ownershipAddress)) {
      const done = () => {
        const d = state.domains.get(code);
        if (d?.status === "ownership_check") activate(d, settings.activeStatusDetail);
        ctx.changed();
      };
      if (settings.activationDelayMs > 0) setTimeout(done, settings.activationDelayMs).unref();
      else done();
    }
    return { status: 200 };
  }

  // Synchronous check (docs/upstream/qboxmail-lifecycle.md): checks the fake DNS now, queues the
  // activation only when the record is there, and answers what it found and the record expected.
  function ownershipSync(code: string, ctx: SimContext): SimResponse {
    const domain = state.domains.get(code);
    if (!domain || queuedForDeletion(domain)) return { status: 404, body: NOT_FOUND };
    const name = `${domain.possession_a_record}.${domain.name}`;
    const resolved = settings.dns[name.toLowerCase()] ?? "";
    const verified = resolved === settings.ownershipAddress;
    if (domain.status === "ownership_check" && verified) ownershipCheck(code, ctx);
    return {
      status: 200,
      body: {
        verified,
        activation_queued: verified,
        resource: {
          type: "domain",
          code,
          name: domain.name,
          status: domain.status,
          status_detail: domain.status_detail,
        },
        expected_record: { name, type: "A", value: settings.ownershipAddress },
        resolved_ip: resolved,
      },
    };
  }

  // Queued MX check (assumed behaviour, docs/upstream/qboxmail-lifecycle.md): answers 200 with no
  // body and reads no body. An enabled domain whose detail is not `ok` gets `ok` at once, unless
  // the setting mxRecordsWrong says the records are still wrong; any other domain is unchanged.
  function mxCheck(code: string, ctx: SimContext): SimResponse {
    const domain = state.domains.get(code);
    if (!domain || queuedForDeletion(domain)) return { status: 404, body: NOT_FOUND };
    if (domain.status === "enabled" && domain.status_detail !== "ok" && !settings.mxRecordsWrong) {
      Object.assign(domain, { status_detail: "ok", updated_at: new Date().toISOString() });
      ctx.changed();
    }
    return { status: 200 };
  }

  function one(item: unknown): SimResponse {
    if (!item) return { status: 404, body: NOT_FOUND };
    const shape = settings.singleShape;
    return {
      status: 200,
      body: shape === "bare" ? item : shape === "resource" ? { resource: item } : { resources: [item] },
    };
  }

  // With unicodeNames, domains are shown (and searched) by their Unicode name; stored as sent.
  const shown = (d: DomainRecord): DomainRecord =>
    settings.unicodeNames ? { ...d, name: domainToUnicode(d.name) || d.name } : d;
  const listDomains = (req: SimRequest) =>
    listPage(req, [...state.domains.values()].map(shown), (d) => [d.name], "name", {
      ...listOpts(),
      row: shortRow(["code", "name", "status"]),
    });
  const listManagers = (req: SimRequest) =>
    listPage(req, [...state.managers.values()], (m) => [m.email_address, m.firstname, m.lastname], "email_address", {
      ...listOpts(),
      row: shortRow(["code", "email_address", "status"]),
    });

  function validationFailed(failures: { field: string; code: keyof ReturnType<typeof texts> }[]): SimResponse {
    const t = texts(settings.language);
    return {
      status: 422,
      body: { message: t.validationFailed, errors: failures.map((f) => ({ field: f.field, description: t[f.code] })) },
    };
  }

  const created = (location: string, code: string): SimResponse => ({
    status: 201,
    headers: { Location: location },
    body: { message: texts(settings.language).created, resource_code: code },
  });

  return {
    name: "qboxmail",
    handle(req, ctx) {
      const answer = route(req, ctx);
      // Every answer carries a request id, as Qboxmail's Rails stack sends one.
      return { ...answer, headers: { ...answer.headers, "X-Request-Id": randomUUID() } };
    },
    faultBody: (status) => ({ message: STATUS_CODES[status] ?? "Error", errors: [] }),
    faultHeaders: () => ({ "X-Request-Id": randomUUID() }),
    snapshot: () => ({ ...state.snapshot(), settings }),
    restore(saved) {
      state.restore(saved);
      const s = (saved as { settings?: typeof settings } | undefined)?.settings;
      settings = { ...defaults, ...s };
    },
    reset() {
      state.reset();
      settings = { ...defaults };
    },
  };
}

const forbidden = (): SimResponse => ({ status: 403, body: FORBIDDEN });
const badRequest = (): SimResponse => ({ status: 400, body: BAD_REQUEST });
const maybe = <T, U>(v: T | undefined, f: (v: T) => U): U | undefined => (v === undefined ? undefined : f(v));

/** Whether the request says its body is JSON and it is not (empty included). */
function badJsonBody(req: SimRequest): boolean {
  const type = String(req.headers["content-type"] ?? "");
  if (!type.toLowerCase().includes("application/json")) return false;
  try {
    JSON.parse(req.rawBody);
    return false;
  } catch {
    return true;
  }
}

/**
 * Whether a server that reads every request's body would refuse this one: a Content-Type other
 * than JSON, or one saying JSON over a body that is not (empty included). No Content-Type and no
 * body is a plain GET or DELETE.
 */
function unreadableBody(req: SimRequest): boolean {
  const type = String(req.headers["content-type"] ?? "").trim();
  if (!type) return false;
  return !type.toLowerCase().includes("application/json") || badJsonBody(req);
}

/** The body as a JSON object, or undefined for a non-JSON content type, bad JSON or a non-object. */
function parseJson(req: SimRequest): Body | undefined {
  const type = String(req.headers["content-type"] ?? "");
  if (!type.toLowerCase().includes("application/json")) return undefined;
  try {
    const v: unknown = JSON.parse(req.rawBody);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Body) : undefined;
  } catch {
    return undefined;
  }
}
