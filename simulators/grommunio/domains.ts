// GET/DELETE on /system/domains (docs/upstream/grommunio.md §7, §8). Soft-deleted domains stay listed with
// domainStatus 3 and keep their names taken; a purge removes the row and its DomainAdmin roles.

import type { SimContext, SimResponse } from "../common/types";
import { answerWithDomains, domainView } from "./domain-view";
import { storedDomainName } from "./idna";
import { levelOf, listRows, withCount } from "./lists";
import type { GrommunioState } from "./state";

const NOT_FOUND: SimResponse = { status: 404, body: { message: "Domain not found" } };

export function listDomains(state: GrommunioState, query: URLSearchParams): SimResponse {
  const { data, count } = listRows(state.domains, query, {
    text: ["domainname", "title", "address", "adminName", "tel"],
    intSets: ["ID", "orgID", "domainStatus", "homeserver"],
    intRanges: ["maxUser"],
    // `?domainname=münchen.de` finds `xn--mnchen-3ya.de`.
    rewrite: { domainname: storedDomainName },
    ignoreText: state.flags.listFiltersIgnored,
    ignoreOffset: state.flags.listOffsetIgnored,
    limitMax: state.flags.listLimitMax,
  });
  // listLevelIgnored: lists answer level 1 whatever is asked, as a server that documents only
  // level 1 list rows may (the detail GET still answers level 2).
  const level = state.flags.listLevelIgnored ? 1 : levelOf(query);
  const row = (d: (typeof data)[number]) => {
    const view = domainView(state, d, level);
    // listHomeserverNull: level 2 rows name no server, as an upstream whose list rows are not
    // documented field by field may answer (docs/upstream/grommunio.md §7).
    return state.flags.listHomeserverNull && "homeserver" in view ? { ...view, homeserver: null } : view;
  };
  return answerWithDomains(200, () => withCount(state, data.map(row), count));
}

export function getDomain(state: GrommunioState, id: number, query: URLSearchParams): SimResponse {
  const domain = state.domains.find((d) => d.ID === id);
  if (!domain) return NOT_FOUND;
  // Upstream bug: any `level` on the detail route yields an empty object.
  if (query.has("level")) return { status: 200, body: {} };
  return answerWithDomains(200, () => domainView(state, domain, 2));
}

export function deleteDomain(state: GrommunioState, id: number, query: URLSearchParams, ctx: SimContext): SimResponse {
  const domain = state.domains.find((d) => d.ID === id);
  if (!domain) return NOT_FOUND;
  if (query.get("purge") === "true") {
    state.domains = state.domains.filter((d) => d.ID !== id);
    state.roles = state.roles.filter(
      (r) => !r.permissions.some((p) => p.permission === "DomainAdmin" && p.params === id),
    );
    // deleteFiles removes the mail directories; the simulator keeps none, so the ledger says which.
    ctx.ledger.recordChange("domain", String(id), query.get("deleteFiles") === "true" ? "purge+files" : "purge");
    ctx.changed();
    return { status: 200, body: { message: "Domain removed." } };
  }
  domain.domainStatus = 3;
  ctx.ledger.recordChange("domain", String(id), "delete");
  ctx.changed();
  return { status: 200, body: { message: "Domain marked as deleted." } };
}
