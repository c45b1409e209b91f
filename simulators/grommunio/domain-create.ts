// POST /system/domains (docs/upstream/grommunio.md §5, §6). The checks run in the upstream's order, and the row is
// committed BEFORE store setup, chat activation, role creation and serialisation — so those
// failures answer 500 (or 400) while the domain exists, exactly the case the portal must survive.

import type { SimContext, SimResponse } from "../common/types";
import { answerWithDomains, domainView, GENERIC_500 } from "./domain-view";
import { DOMAIN_NAME_PATTERN, storedDomainName } from "./idna";
import { DATABASE_ERROR } from "./servers";
import { type Domain, domainColumnAccess, type GrommunioState } from "./state";

const UINT32_MAX = 4_294_967_295;

const bad = (message: string): SimResponse => ({ status: 400, body: { message } });

export function realDate(day: string): boolean {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1000 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

// MariaDB strict mode turns out-of-range integers, impossible dates and over-long data into
// errors, which grommunio answers as 503 "Database error." (api/errors.py).
function databaseRejects(d: Omit<Domain, "ID">): boolean {
  const uint = (n: number, max = UINT32_MAX) => n < 0 || n > max;
  return (
    uint(d.maxUser) || uint(d.orgID) || uint(d.domainStatus, 255) || !realDate(d.endDay) || d.domainname.length > 64
  );
}

function roleName(id: number, name: string): string {
  const full = `Domain Admin (${id}/${name})`;
  return full.length > 32 ? `${full.slice(0, 31)}…` : full;
}

export function createDomain(
  state: GrommunioState,
  rawBody: string,
  createRoleParam: string | null,
  ctx: SimContext,
): SimResponse {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(rawBody) as Record<string, unknown>;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("not an object");
  } catch {
    return bad("Missing data");
  }
  const unknown = Object.keys(body).find((k) => domainColumnAccess(k) === undefined);
  if (unknown) return bad(`Unknown attribute '${unknown}'`);
  if (body.maxUser === undefined) return bad("Missing required property maxUser");

  let domainname: string | undefined;
  if (typeof body.domainname === "string") {
    domainname = storedDomainName(body.domainname);
    if (!DOMAIN_NAME_PATTERN.test(domainname)) return bad(`'${domainname}' is not a valid domain name`);
  }
  const requested = (body.homeserver as number | null | undefined) ?? 0;
  if (requested !== 0 && !state.servers.some((s) => s.ID === requested)) return bad("Invalid homeserver");
  if (domainname === undefined) return bad("Object violates database constraints (Column 'domainname' cannot be null)");

  const row: Omit<Domain, "ID"> = {
    domainname,
    orgID: (body.orgID as number | undefined) ?? 0,
    maxUser: body.maxUser as number,
    title: (body.title as string | undefined) ?? "",
    address: (body.address as string | undefined) ?? "",
    adminName: (body.adminName as string | undefined) ?? "",
    tel: (body.tel as string | undefined) ?? "",
    endDay: (body.endDay as string | undefined) ?? "3333-03-03",
    domainStatus: (body.domainStatus as number | undefined) ?? 0,
    syncPolicy: (body.syncPolicy as Record<string, unknown> | null | undefined) ?? null,
    chat: (body.chat as boolean | undefined) ?? false,
    homeserver: requested,
    homedir: `/var/lib/gromox/domain/${domainname}`,
  };
  if (databaseRejects(row)) return DATABASE_ERROR;
  // The unique key is case-insensitive and soft-deleted rows still hold their names.
  if (state.domains.some((d) => d.domainname.toLowerCase() === domainname.toLowerCase())) {
    ctx.ledger.recordDuplicate("domain", domainname);
    return bad(`Object violates database constraints (Duplicate entry '${domainname}' for key 'domainname')`);
  }

  const domain: Domain = { ID: state.nextDomainId++, ...row };
  if (domain.homeserver === 0 && state.servers.length > 0) {
    // Default round-robin policy (orm/misc.py): index = domain ID mod server count, by server ID.
    const servers = [...state.servers].sort((a, b) => a.ID - b.ID);
    domain.homeserver = servers[domain.ID % servers.length]!.ID;
  }
  state.domains.push(domain);
  ctx.ledger.recordCreate("domain", domainname, String(domain.ID), { ...row, homeserver: domain.homeserver });
  ctx.changed();
  // ---- committed; everything below can fail with the domain left in place ----

  if (state.flags.storeSetupFails)
    return { status: 500, body: { message: "Error during domain setup: could not create public store" } };
  if (domain.chat && (!state.flags.chatAvailable || domain.domainStatus !== 0)) {
    // No chat team was made; grommunio reads `chat` live from the chat service, so it reads false.
    domain.chat = false;
    return GENERIC_500;
  }
  if (createRoleParam === "true") {
    const name = roleName(domain.ID, domain.domainname);
    if (state.flags.roleCreationFails) {
      return bad(`Object violates database constraints (Duplicate entry '${name}' for key 'name')`);
    }
    if (!state.roles.some((r) => r.name === name)) {
      state.roles.push({
        ID: state.nextRoleId++,
        name,
        permissions: [{ permission: "DomainAdmin", params: domain.ID }],
      });
      ctx.changed();
    }
  }
  return answerWithDomains(201, () => domainView(state, domain, 2));
}
