"use client";
// The pickers of the order form that search the reseller's own things on the server: the customer
// (when there are more than a select lists), the grommunio home server of a domain, and the
// Qboxmail domains a manager administers.
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import type { PickerOption, PickerPage } from "./search-picker";
import { SearchPicker } from "./search-picker";

type ServerRow = { value: string; label: string; serverId: number | null; source: string; status: string };

/** What SearchPicker asks a load for: the search, "all customers", the customer, and the page after. */
type LoadArgs = [q: string, all: boolean, customer: string, signal: AbortSignal, after: string | null];

/** One page of a picker's list from the order routes (customers, servers or domains); none when refused. */
async function fetchPage<Row>(
  path: string,
  listKey: "customers" | "servers" | "domains",
  [q, all, customer, signal, after]: LoadArgs,
): Promise<{ rows: Row[]; next: string | null }> {
  const params = new URLSearchParams({ q, customer, ...(all ? { all: "1" } : {}), ...(after ? { after } : {}) });
  const res = await fetch(`${path}?${params}`, { signal });
  if (!res.ok) return { rows: [], next: null };
  const body = (await res.json()) as { [key in typeof listKey]?: Row[] } & { next: string | null };
  return { rows: body[listKey] ?? [], next: body.next };
}

/** A picker's pages from the order route `<ordersPath>/<listKey>`, whose rows are options already. */
function useOptionPages(ordersPath: string, listKey: "customers" | "domains") {
  return useCallback(
    async (...args: LoadArgs): Promise<PickerPage> => {
      const { rows, next } = await fetchPage<PickerOption>(`${ordersPath}/${listKey}`, listKey, args);
      return { options: rows, next };
    },
    [ordersPath, listKey],
  );
}

type Common = { id: string; name: string; label: string; hint?: string; errors?: string[]; customerId: string };

export function HomeServerPicker(props: Common & { ordersPath: string; initial?: PickerOption }) {
  const t = useTranslations("orderForm.picker");
  const statusT = useTranslations("status");
  const automatic = { value: "", label: t("automatic"), detail: t("automaticDetail") };
  const { ordersPath } = props;
  const load = useCallback(
    async (...args: LoadArgs): Promise<PickerPage> => {
      const { rows, next } = await fetchPage<ServerRow>(`${ordersPath}/servers`, "servers", args);
      const options = rows.map((s) => ({
        value: s.value,
        label: s.label,
        detail:
          s.serverId === null
            ? t("serverPending", { status: statusT(s.status) })
            : s.source === "shared"
              ? t("serverShared", { id: s.serverId })
              : t("serverOwn", { id: s.serverId }),
      }));
      return { options, next };
    },
    [ordersPath, t, statusT],
  );
  return (
    <SearchPicker
      {...props}
      initial={[props.initial ?? automatic]}
      pinned={[automatic]}
      load={load}
      allLabel={t("allServers")}
      placeholder={t("serverPlaceholder")}
    />
  );
}

export function DomainPicker(props: Common & { ordersPath: string; initial: PickerOption[] }) {
  const t = useTranslations("orderForm.picker");
  const load = useOptionPages(props.ordersPath, "domains");
  return (
    <SearchPicker {...props} multiple load={load} allLabel={t("allDomains")} placeholder={t("domainPlaceholder")} />
  );
}

/** The customer an order is for, found by a fragment of its name or reference (docs/order-form.md "Pickers"). */
export function CustomerPicker(
  props: Omit<Common, "customerId"> & {
    ordersPath: string;
    initial: PickerOption[];
    onChange: (values: string[]) => void;
  },
) {
  const t = useTranslations("orderForm.picker");
  const load = useOptionPages(props.ordersPath, "customers");
  return (
    <SearchPicker
      {...props}
      customerId=""
      load={load}
      placeholder={t("customerPlaceholder")}
      noMatch={t("customerNoMatch")}
    />
  );
}
