// GET /system/roles (docs/upstream/grommunio.md §6): the admin roles, such as the Domain Admin
// role a domain create with `createRole=true` makes. Listed like the other system lists: filters
// on the text fields and ID, `limit`/`offset` paging, `count` before paging. Level 0 rows carry
// ID and name; levels 1 and 2 add the description and the permissions.
import type { SimResponse } from "../common/types";
import { levelOf, listRows, withCount } from "./lists";
import type { GrommunioState } from "./state";

export function listRoles(state: GrommunioState, query: URLSearchParams): SimResponse {
  const rows = state.roles.map((r) => ({ ...r, description: null as string | null }));
  const { data, count } = listRows(rows, query, {
    text: ["name", "description"],
    intSets: ["ID"],
    intRanges: [],
    ignoreText: state.flags.listFiltersIgnored,
    ignoreOffset: state.flags.listOffsetIgnored,
    limitMax: state.flags.listLimitMax,
  });
  const level = levelOf(query);
  const view = (r: (typeof rows)[number]) => (level === 0 ? { ID: r.ID, name: r.name } : r);
  return { status: 200, body: withCount(state, data.map(view), count) };
}
