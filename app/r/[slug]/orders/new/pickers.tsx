"use client";
// The pickers of the order form that search the reseller's own things on the server: the customer
// (when there are more than a select lists) and the grommunio home server of a domain; the
// Qboxmail domains a manager administers are picked with domain-picker.tsx.
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { fetchPickerPage, type LoadArgs, useOptionPages } from "@/app/ui/picker-pages";
import type { PickerOption, PickerPage } from "@/app/ui/search-picker";
import { SearchPicker } from "@/app/ui/search-picker";

type ServerRow = { value: string; label: string; serverId: number | null; source: string; status: string };

type Common = { id: string; name: string; label: string; hint?: string; errors?: string[]; customerId: string };

export function HomeServerPicker(props: Common & { ordersPath: string; initial?: PickerOption }) {
  const t = useTranslations("picker");
  const statusT = useTranslations("status");
  const automatic = { value: "", label: t("automatic"), detail: t("automaticDetail") };
  const { ordersPath } = props;
  const load = useCallback(
    async (...args: LoadArgs): Promise<PickerPage> => {
      const { rows, next } = await fetchPickerPage<ServerRow>(`${ordersPath}/servers`, "servers", args);
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

/** The customer an order is for, found by a fragment of its name or reference (docs/order-form.md "Pickers"). */
export function CustomerPicker(
  props: Omit<Common, "customerId"> & {
    ordersPath: string;
    initial: PickerOption[];
    onChange: (values: string[]) => void;
  },
) {
  const t = useTranslations("picker");
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
