// How grommunio serialises a domain at levels 0, 1 and 2 (docs/upstream/grommunio.md §5, §7). `homedir` is never
// returned. A stored name that cannot be IDNA-decoded (e.g. "-bad.com") crashes serialisation,
// which is a generic 500 for the create and for every later listing that includes it.
import type { SimResponse } from "../common/types";
import { idnaDecode } from "./idna";
import type { Domain, GrommunioState } from "./state";

class UndecodableDomainError extends Error {}

export function domainView(state: GrommunioState, d: Domain, level: number): Record<string, unknown> {
  const displayname = idnaDecode(d.domainname);
  if (displayname === null) throw new UndecodableDomainError(d.domainname);
  if (level <= 0) return { ID: d.ID, domainname: d.domainname };
  const base = {
    ID: d.ID,
    domainname: d.domainname,
    displayname,
    orgID: d.orgID,
    maxUser: d.maxUser,
    activeUsers: 0,
    inactiveUsers: 0,
    virtualUsers: 0,
    title: d.title,
    address: d.address,
    adminName: d.adminName,
    tel: d.tel,
    endDay: d.endDay,
    domainStatus: d.domainStatus,
  };
  if (level === 1) return base;
  const server = state.servers.find((s) => s.ID === d.homeserver);
  return {
    ...base,
    syncPolicy: d.syncPolicy,
    // Read live from grommunio-chat: false whenever that service cannot be reached.
    chat: d.chat && state.flags.chatAvailable,
    homeserver: server ? { ID: server.ID, hostname: server.hostname } : null,
  };
}

export const GENERIC_500 = {
  status: 500,
  body: { message: "The server encountered an error while processing the request." },
};

/**
 * An answer whose body holds domain views (`body` builds it): a stored name serialisation cannot
 * decode turns the whole answer into the generic 500, as upstream's crash does.
 */
export function answerWithDomains(status: number, body: () => unknown): SimResponse {
  try {
    return { status, body: body() };
  } catch (err) {
    if (err instanceof UndecodableDomainError) return GENERIC_500;
    throw err;
  }
}
