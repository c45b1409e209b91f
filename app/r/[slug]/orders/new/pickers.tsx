"use client";
// The two pickers of the order form that search the reseller's own things on the server: the
// grommunio home server of a domain, and the Qboxmail domains a manager administers.
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import type { PickerOption, PickerPage } from "./search-picker";
import { SearchPicker } from "./search-picker";

type ServerRow = { value: string; label: string; serverId: number | null; source: string; status: string };

type Common = { id: string; name: string; label: string; hint?: string; errors?: string[]; customerId: string };

export function HomeServerPicker(props: Common & { ordersPath: string; initial?: PickerOption }) {
  const t = useTranslations("orderForm.picker");
  const statusT = useTranslations("status");
  const automatic = { value: "", label: t("automatic"), detail: t("automaticDetail") };
  const { ordersPath } = props;
  const load = useCallback(
    async (
      q: string,
      all: boolean,
      customer: string,
      signal: AbortSignal,
      after: string | null,
    ): Promise<PickerPage> => {
      const params = new URLSearchParams({ q, customer, ...(all ? { all: "1" } : {}), ...(after ? { after } : {}) });
      const res = await fetch(`${ordersPath}/servers?${params}`, { signal });
      if (!res.ok) return { options: [], next: null };
      const body = (await res.json()) as { servers: ServerRow[]; next: string | null };
      const options = body.servers.map((s) => ({
        value: s.value,
        label: s.label,
        detail:
          s.serverId === null
            ? t("serverPending", { status: statusT(s.status) })
            : s.source === "shared"
              ? t("serverShared", { id: s.serverId })
              : t("serverOwn", { id: s.serverId }),
      }));
      return { options, next: body.next };
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
  const { ordersPath } = props;
  const load = useCallback(
    async (
      q: string,
      all: boolean,
      customer: string,
      signal: AbortSignal,
      after: string | null,
    ): Promise<PickerPage> => {
      const params = new URLSearchParams({ q, customer, ...(all ? { all: "1" } : {}), ...(after ? { after } : {}) });
      const res = await fetch(`${ordersPath}/domains?${params}`, { signal });
      if (!res.ok) return { options: [], next: null };
      const body = (await res.json()) as { domains: PickerOption[]; next: string | null };
      return { options: body.domains, next: body.next };
    },
    [ordersPath],
  );
  return (
    <SearchPicker {...props} multiple load={load} allLabel={t("allDomains")} placeholder={t("domainPlaceholder")} />
  );
}
