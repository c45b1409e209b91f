"use client";
// How a SearchPicker's pages are fetched from the portal's picker routes (customers, servers and
// domains under /r/<slug>/orders/, resellers under /support/): the search, the scope, the customer
// and the keyset cursor go as query parameters; a refused request rejects, and the picker says so.
import { useCallback } from "react";
import type { PickerOption, PickerPage } from "./search-picker";

/** What SearchPicker asks a load for: the search, "all", the customer, and the page after. */
export type LoadArgs = [q: string, all: boolean, customer: string, signal: AbortSignal, after: string | null];

type ListKey = "customers" | "servers" | "domains" | "resellers";

/** One page of a picker route's list (`<basePath>/<listKey>`); rejects when refused. */
export async function fetchPickerPage<Row>(
  path: string,
  listKey: ListKey,
  [q, all, customer, signal, after]: LoadArgs,
): Promise<{ rows: Row[]; next: string | null }> {
  const params = new URLSearchParams({ q, customer, ...(all ? { all: "1" } : {}), ...(after ? { after } : {}) });
  const res = await fetch(`${path}?${params}`, { signal });
  // A refusal, or an answer that is not the list (the sign-in page, once the session ended): the
  // search failed, which the picker says, rather than "nothing matches" with advice that cannot help.
  if (!res.ok || !res.headers.get("content-type")?.includes("json")) throw new Error(`picker list: ${res.status}`);
  const body = (await res.json()) as { [key in ListKey]?: Row[] } & { next: string | null };
  return { rows: body[listKey] ?? [], next: body.next };
}

/** A picker's pages from the route `<basePath>/<listKey>`, whose rows are options already. */
export function useOptionPages(basePath: string, listKey: Exclude<ListKey, "servers">) {
  return useCallback(
    async (...args: LoadArgs): Promise<PickerPage> => {
      const { rows, next } = await fetchPickerPage<PickerOption>(`${basePath}/${listKey}`, listKey, args);
      return { options: rows, next };
    },
    [basePath, listKey],
  );
}
