// Typed client for the grommunio admin API calls the workers make (docs/upstream/grommunio.md §2-§8). Every call
// has a hard timeout and returns a classified result (lib/upstream/result.ts); nothing here
// throws for an upstream or network failure. The password and the JWT never reach a message or
// a CallInfo (tokens travel in headers only; CallInfo records method, path and query).

import { portalText } from "@/lib/i18n/portal-texts";
import { type CallScope, type HttpOutcome, httpCall } from "../http";
import { IDENTITY_FIELDS } from "../identity";
import { repeatsPreviousPage } from "../list-paging";
import type { CallInfo, LookupResult, UpstreamFailure, UpstreamResult } from "../result";
import { classifyGrommunio, type GrommunioCallKind, shownDetail } from "./classify";
import { grommunioDomainName } from "./idna";
import { screenedAnswer } from "./screened-answer";
import { GrommunioSession, type Session } from "./session";
import type {
  GrommunioDeleted,
  GrommunioDomain,
  GrommunioDomainWrite,
  GrommunioRole,
  GrommunioServer,
  GrommunioServerWrite,
} from "./types";

export type GrommunioClientOptions = {
  /** The API base including /api/v1, e.g. https://admin.example.com/api/v1. */
  baseUrl: string;
  user: string;
  password: string;
  timeoutMs: number;
};

type Answer = HttpOutcome | UpstreamFailure;

// A lookup that keeps finding more pages is either a runaway list or a bug; stop somewhere.
const MAX_LOOKUP_PAGES = 100;
/** Rows in a list page when no `limit` is sent (docs/upstream/grommunio.md §7). */
const DEFAULT_PAGE_ROWS = 50;
const isFailure = (a: Answer): a is UpstreamFailure => "kind" in a;

/**
 * Whether a 404 is grommunio's own "this object does not exist": JSON whose `message` is
 * "<Object> not found" as grommunio words it ("Domain not found"; " not found" for a server, its
 * object name empty), but not the unknown route's "Resource not found" (docs/upstream/grommunio.md §3).
 * A web server's page, a route this grommunio does not serve, or a gateway in front of it (whose
 * bare `{"message": "Not Found"}` has no object name and a capital F) says nothing about the
 * object: it must not read as "deleted already".
 */
function isObjectNotFound(answer: HttpOutcome): boolean {
  if (!answer.ok || answer.status !== 404) return false;
  const message = (answer.json as { message?: unknown } | undefined)?.message;
  if (typeof message !== "string") return false;
  const text = message.trim();
  return /^(?:[A-Z][A-Za-z]* )?not found$/.test(text) && text !== "Resource not found";
}

/** Any other 404: transient, so it is asked again and never concluded on. */
function unclearNotFound(answer: HttpOutcome): UpstreamFailure | undefined {
  if (!answer.ok || answer.status !== 404 || isObjectNotFound(answer)) return undefined;
  const message = (answer.json as { message?: unknown } | undefined)?.message;
  const error =
    answer.json === undefined
      ? portalText("gatewayNonJson", { status: 404 })
      : portalText("gromRejected", { detail: typeof message === "string" ? shownDetail(message) : "HTTP 404" });
  return { kind: "transient", message: portalText("unreachable", { provider: "grommunio", error }), call: answer.call };
}

/**
 * The order every paged read asks for, the inventory's and the lookups' alike: without one the
 * database returns rows in whatever order it likes, which may differ between two offsets, so a
 * row could fall between pages and be missed (a lookup would then create it again). `ID` is
 * sortable on both lists (the OpenAPI's `sort` pattern; docs/upstream/grommunio.md §7).
 */
const LOOKUP_SORT = "ID,asc";

/** Whether a listed domain misses (or gives as null) a field adoption compares (lib/upstream/identity.ts). */
function lacksComparedField(row: GrommunioDomain): boolean {
  const fields = row as unknown as Record<string, unknown>;
  return IDENTITY_FIELDS.grommunio_domain.some(({ field }) => fields[field] === undefined || fields[field] === null);
}

export class GrommunioClient {
  private readonly base: string;
  private readonly session: GrommunioSession;

  constructor(
    private readonly opts: GrommunioClientOptions,
    /** The attempt's deadline and span, passed to every request of this view (scoped()). */
    private readonly scope?: CallScope,
    /** A scoped view shares its client's login (one session per process, not per attempt). */
    session?: GrommunioSession,
  ) {
    this.base = opts.baseUrl.replace(/\/+$/, "");
    this.session = session ?? new GrommunioSession({ ...opts, baseUrl: this.base });
  }

  /** The same client for one attempt: its requests (a login too) share the attempt's deadline and span. */
  scoped(scope: CallScope): GrommunioClient {
    return new GrommunioClient(this.opts, scope, this.session);
  }

  async createServer(body: GrommunioServerWrite): Promise<UpstreamResult<GrommunioServer>> {
    return this.created<GrommunioServer>(await this.request("POST", "/system/servers", body), "create");
  }

  /** `createRole` is sent explicitly; grommunio only honours the literal "true". */
  async createDomain(
    body: GrommunioDomainWrite,
    opts: { createRole: boolean },
  ): Promise<UpstreamResult<GrommunioDomain>> {
    const path = `/system/domains?createRole=${opts.createRole ? "true" : "false"}`;
    return this.created<GrommunioDomain>(await this.request("POST", path, body), "create");
  }

  /**
   * The filter is exact and case-insensitive upstream, but two comma-separated values make it a
   * range, so the answer is matched exactly here too. A soft-deleted domain (domainStatus 3)
   * still holds its name and is returned as found; the caller decides what that means. Level 2,
   * because level 1 leaves out `chat`: a domain whose chat never came up after the create reads
   * `chat: false` only there, and adoption compares it (lib/upstream/identity.ts).
   */
  async findDomainByName(name: string): Promise<LookupResult<GrommunioDomain>> {
    const ascii = grommunioDomainName(name.trim());
    const query = new URLSearchParams({ domainname: ascii, level: "2", sort: LOOKUP_SORT });
    const found = await this.findExact<GrommunioDomain>(
      `/system/domains?${query}`,
      // A row without a name (a malformed list) is no match, never a crash of the lookup.
      (d) => typeof d.domainname === "string" && d.domainname.toLowerCase() === ascii.toLowerCase(),
    );
    // Level 2 list rows are not documented field by field (level 1's are, without the home server
    // and chat: docs/upstream/grommunio.md §7). A row lacking any field adoption compares, or
    // giving it as null, is read again by the detail GET, which is level 2: a null `homeserver`
    // in a list row would otherwise read as "no server" and refuse the order's own domain, and a
    // same-named domain on another server must never pass for the order's own either.
    if (found.kind !== "found" || !lacksComparedField(found.data)) return found;
    return this.getDomain(found.ref);
  }

  /**
   * The Domain Admin role a create with `createRole=true` makes for domain `domainId`: grommunio
   * names it "Domain Admin (<ID>/<domainname>)", cut to 32 characters, and gives it the permission
   * DomainAdmin on that ID (docs/upstream/grommunio.md §6). The name's start (ID included) survives
   * the cut; either sign is taken, the permission as `DomainAdmin` with the ID in `params` or as
   * `DomainAdmin(<ID>)` in one string. The role list documents no paging (no `limit`, no
   * `offset`, no `count`), only a substring match: the name's start is asked for, so the answer
   * is that role or nothing, whatever the number of roles (a role renamed meanwhile is then
   * missed: the order is held for a person, never adopted without it). A grommunio that ignores the match
   * answers every role: it is then read a page at a time, newest first (the role is made with the
   * domain, so it is on the first page rather than past the pages a lookup reads), and the role is
   * also known by its permission. Only an adoption after a create that may have failed in part
   * asks.
   */
  findDomainAdminRole(domainId: string): Promise<LookupResult<GrommunioRole>> {
    const prefix = `Domain Admin (${domainId}/`;
    const query = new URLSearchParams({ level: "2", sort: "ID,desc", match: prefix, matchFields: "name" });
    return this.findExact<GrommunioRole>(
      `/system/roles?${query}`,
      (r) =>
        (typeof r.name === "string" && r.name.startsWith(prefix)) ||
        (Array.isArray(r.permissions) &&
          r.permissions.some(
            (p) =>
              (p?.permission === "DomainAdmin" && String(p.params) === domainId) ||
              p?.permission === `DomainAdmin(${domainId})`,
          )),
    );
  }

  findServerByHostname(hostname: string): Promise<LookupResult<GrommunioServer>> {
    const wanted = hostname.trim();
    const query = new URLSearchParams({ hostname: wanted, level: "1", sort: LOOKUP_SORT });
    return this.findExact<GrommunioServer>(
      `/system/servers?${query}`,
      (s) => typeof s.hostname === "string" && s.hostname.toLowerCase() === wanted.toLowerCase(),
    );
  }

  /** Never sends `level`: upstream answers `{}` for a detail GET with any level. */
  async getDomain(id: number | string): Promise<LookupResult<GrommunioDomain>> {
    const answer = await this.request("GET", `/system/domains/${encodeURIComponent(String(id))}`);
    if (isFailure(answer)) return answer;
    if (isObjectNotFound(answer)) return { kind: "absent", call: answer.call };
    const unclear = unclearNotFound(answer);
    if (unclear) return unclear;
    const failure = classifyGrommunio(answer, "read");
    if (failure) return failure;
    const domain = (answer.ok ? answer.json : undefined) as GrommunioDomain | undefined;
    if (typeof domain?.ID !== "number")
      return { kind: "unknown", message: portalText("gromNoDomain"), call: answer.call };
    return { kind: "found", ref: String(domain.ID), data: domain, call: answer.call };
  }

  /**
   * PATCH a domain: partial update, keys applied in body order (docs/upstream/grommunio.md). A 200
   * whose body has no `ID` is grommunio's "Domain update failed" quirk: treated as unknown, so
   * the worker reads the domain back before deciding.
   */
  async patchDomain(id: number | string, body: Record<string, unknown>): Promise<UpstreamResult<GrommunioDomain>> {
    return this.written<GrommunioDomain>(
      await this.request("PATCH", `/system/domains/${encodeURIComponent(String(id))}`, body),
    );
  }

  async getServer(id: number | string): Promise<LookupResult<GrommunioServer>> {
    const answer = await this.request("GET", `/system/servers/${encodeURIComponent(String(id))}`);
    if (isFailure(answer)) return answer;
    if (isObjectNotFound(answer)) return { kind: "absent", call: answer.call };
    const unclear = unclearNotFound(answer);
    if (unclear) return unclear;
    const failure = classifyGrommunio(answer, "read");
    if (failure) return failure;
    const server = (answer.ok ? answer.json : undefined) as GrommunioServer | undefined;
    if (typeof server?.ID !== "number")
      return { kind: "unknown", message: portalText("gromNoServer"), call: answer.call };
    return { kind: "found", ref: String(server.ID), data: server, call: answer.call };
  }

  async patchServer(id: number | string, body: Record<string, unknown>): Promise<UpstreamResult<GrommunioServer>> {
    return this.written<GrommunioServer>(
      await this.request("PATCH", `/system/servers/${encodeURIComponent(String(id))}`, body),
    );
  }

  /** Whether each server's hostname and extname resolve from the API host (advisory only). */
  async dnsCheck(): Promise<LookupResult<{ host: Record<string, boolean>; ext: Record<string, boolean> }>> {
    const answer = await this.request("GET", "/system/servers/dnsCheck");
    if (isFailure(answer)) return answer;
    const failure = classifyGrommunio(answer, "read");
    if (failure) return failure;
    const body = (answer.ok ? answer.json : undefined) as
      | { host?: Record<string, boolean>; ext?: Record<string, boolean> }
      | undefined;
    return {
      kind: "found",
      ref: "dnsCheck",
      data: { host: body?.host ?? {}, ext: body?.ext ?? {} },
      call: answer.call,
    };
  }

  /**
   * One page of the inventory (drift check): level 1 rows, `count` is the total. `received` counts
   * every row of the page, `items` only those that are objects (a malformed answer's `null` names
   * nothing and is passed over), so the next offset is right either way.
   */
  async listPage(
    what: "domains" | "servers",
    offset: number,
    limit: number,
  ): Promise<
    { ok: true; items: Record<string, unknown>[]; received: number; total: number } | { ok: false; message: string }
  > {
    const q = new URLSearchParams({ level: "1", offset: String(offset), limit: String(limit), sort: LOOKUP_SORT });
    const answer = await this.request("GET", `/system/${what}?${q}`);
    if (isFailure(answer)) return { ok: false, message: answer.message };
    const failure = classifyGrommunio(answer, "read");
    if (failure) return { ok: false, message: failure.message };
    const body = (answer.ok ? answer.json : undefined) as { data?: unknown; count?: unknown } | undefined;
    if (!Array.isArray(body?.data)) return { ok: false, message: portalText("gromNoData") };
    const items = body.data.filter(
      (d): d is Record<string, unknown> => typeof d === "object" && d !== null && !Array.isArray(d),
    );
    // Without `count` (the shipped spec's lists answer `{data}` alone) the rows' number is not
    // known: the reader goes on to an empty page (lib/services/drift-inventory.ts).
    const total = body.count === undefined || body.count === null ? Number.POSITIVE_INFINITY : Number(body.count);
    return { ok: true, items, received: body.data.length, total };
  }

  private written<T extends { ID: number }>(answer: Answer): UpstreamResult<T> {
    if (isFailure(answer)) return answer;
    const unclear = unclearNotFound(answer);
    if (unclear) return unclear;
    if (isObjectNotFound(answer))
      return {
        kind: "rejected",
        message: portalText("noLongerExists", { provider: "grommunio" }),
        fieldErrors: {},
        call: answer.call,
      };
    const failure = classifyGrommunio(answer, "update");
    if (failure) return failure;
    const item = (answer.ok ? answer.json : undefined) as T | undefined;
    if (typeof item?.ID !== "number")
      return {
        kind: "unknown",
        message: portalText("gromNoObject"),
        call: answer.call,
      };
    return { kind: "success", ref: String(item.ID), data: item, call: answer.call };
  }

  /**
   * Soft delete by default (the name stays taken); `purge` removes the row, and `deleteFiles` with
   * it the mailboxes' files (grommunio reads it only on a purge; only the literal `true` counts).
   * 404 = already gone.
   */
  deleteDomain(
    id: number | string,
    opts: { purge: boolean; deleteFiles?: boolean } = { purge: false },
  ): Promise<UpstreamResult<GrommunioDeleted>> {
    const query = opts.purge ? (opts.deleteFiles ? "?purge=true&deleteFiles=true" : "?purge=true") : "";
    const path = `/system/domains/${encodeURIComponent(String(id))}${query}`;
    return this.delete(path, String(id));
  }

  /** grommunio refuses (400, rejected) while domains still sit on the server. */
  deleteServer(id: number | string): Promise<UpstreamResult<GrommunioDeleted>> {
    return this.delete(`/system/servers/${encodeURIComponent(String(id))}`, String(id));
  }

  private async delete(path: string, ref: string): Promise<UpstreamResult<GrommunioDeleted>> {
    const answer = await this.request("DELETE", path);
    if (isFailure(answer)) return answer;
    if (isObjectNotFound(answer)) return { kind: "success", ref, data: { deleted: false }, call: answer.call };
    const unclear = unclearNotFound(answer);
    if (unclear) return unclear;
    const failure = classifyGrommunio(answer, "delete");
    if (failure) return failure;
    const message = answer.ok ? (answer.json as { message?: unknown } | undefined)?.message : undefined;
    return {
      kind: "success",
      ref,
      data: { deleted: true, ...(typeof message === "string" ? { message } : {}) },
      call: answer.call,
    };
  }

  /**
   * With the exact filter the first page holds the match or nothing. Should the filter not be
   * applied (grommunio ignores a parameter it does not know: docs/upstream/grommunio.md §7), the
   * answer is every row, a page at a time: the pages `count` announces are read too (without
   * `count`, every page after a full one), so a match beyond the first is still found rather than
   * created twice.
   */
  private async findExact<T extends { ID: number }>(
    path: string,
    matches: (item: T) => boolean,
  ): Promise<LookupResult<T>> {
    let offset = 0;
    let totalMs = 0;
    let last: CallInfo | undefined;
    let previousFirst: string | undefined;
    for (let page = 1; page <= MAX_LOOKUP_PAGES; page++) {
      const answer = await this.request("GET", offset ? `${path}&offset=${offset}` : path);
      if (isFailure(answer)) return answer;
      totalMs += answer.call.durationMs;
      const call = { ...answer.call, durationMs: totalMs };
      last = call;
      const failure = classifyGrommunio(answer, "read");
      if (failure) return { ...failure, call };
      const body = (answer.ok ? answer.json : undefined) as { data?: unknown; count?: unknown } | undefined;
      const data = body?.data as T[] | undefined;
      if (!Array.isArray(data)) return { kind: "unknown", message: portalText("gromNoData"), call };
      const item = data.find((d) => d && typeof d.ID === "number" && matches(d));
      if (item) return { kind: "found", ref: String(item.ID), data: item, call };
      // The page before again: grommunio ignored the offset (and the filter, or the name would be
      // on it), so reading on shows nothing new. Whether the name exists cannot be told: a read
      // that failed, said at once rather than after MAX_LOOKUP_PAGES identical pages.
      const first = data[0] && typeof data[0].ID === "number" ? String(data[0].ID) : undefined;
      if (repeatsPreviousPage(first, previousFirst))
        return { kind: "transient", message: portalText("gromListRepeats", { offset }), call };
      previousFirst = first;
      offset += data.length;
      if (data.length === 0) return { kind: "absent", call };
      // Without `count` (the shipped OpenAPI answers `{data: [...]}` alone: docs/upstream/grommunio.md
      // §7) a full page of the default 50 rows may have more behind it: read on until a page comes
      // back short or empty (MAX_LOOKUP_PAGES still bounds it).
      const more =
        body?.count === undefined || body.count === null
          ? data.length >= DEFAULT_PAGE_ROWS
          : Number(body.count) > offset;
      if (!more) return { kind: "absent", call };
    }
    return { kind: "transient", message: portalText("gromListTooLong", { pages: MAX_LOOKUP_PAGES }), call: last! };
  }

  private created<T extends { ID: number }>(answer: Answer, kind: GrommunioCallKind): UpstreamResult<T> {
    if (isFailure(answer)) return answer;
    const failure = classifyGrommunio(answer, kind);
    if (failure) return failure;
    const item = (answer.ok ? answer.json : undefined) as T | undefined;
    // A 2xx we cannot read may still have created the object: look it up, do not re-create.
    if (typeof item?.ID !== "number") return { kind: "unknown", message: portalText("gromNoId"), call: answer.call };
    return { kind: "success", ref: String(item.ID), data: item, call: answer.call };
  }

  /** Sends with the session; on a 401 (expired or otherwise refused token) logs in again once and repeats. */
  private async request(method: string, path: string, body?: unknown): Promise<Answer> {
    const first = await this.session.get(this.scope);
    if (!first.ok) return first.failure;
    const answer = await this.send(first.session, method, path, body);
    // A 401 is answered before any endpoint code runs, so repeating a write is safe.
    if (!answer.ok || answer.status !== 401) return answer;
    this.session.invalidate(first.session);
    const second = await this.session.get(this.scope);
    if (!second.ok) return second.failure;
    return this.send(second.session, method, path, body);
  }

  private async send(session: Session, method: string, path: string, body?: unknown): Promise<HttpOutcome> {
    const headers: Record<string, string> = { Accept: "application/json", Cookie: `grommunioAuthJwt=${session.jwt}` };
    if (method !== "GET") headers["X-Csrf-Token"] = session.csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const answer = await httpCall({
      method,
      url: `${this.base}${path}`,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: this.opts.timeoutMs,
      scope: this.scope,
    });
    // No kept words may repeat the password or the tokens this very call carried.
    return screenedAnswer(answer, [this.opts.password, session.jwt, session.csrf]);
  }
}
