// The filter bar of the order list: a plain GET form, so every filtered view is a URL that can be
// shared, reloaded and exported.

import { useTranslations } from "next-intl";
import { buttonClass } from "@/app/ui/button";
import { Field, Input } from "@/app/ui/field";
import { FilterSelects, SearchFilter } from "@/app/ui/filter-select";
import { ResellerPicker } from "@/app/ui/reseller-picker";
import { labelOptions, ORDER_KINDS, ORDER_STATUSES, PROVIDER_LABELS } from "@/lib/orders/vocabulary";
import type { SupportOrderFilters } from "@/lib/support/order-filters";

type Props = {
  filters: SupportOrderFilters;
  /** A select's options, or, when `searchable`, the reseller the filter names (lib/support/reseller-options.ts). */
  resellers: { searchable: boolean; options: Array<{ value: string; label: string }> };
  action: string;
};

const providers = labelOptions(PROVIDER_LABELS);

export function OrderFiltersForm({ filters: f, resellers, action }: Props) {
  const t = useTranslations("supportList");
  const statusText = useTranslations("status");
  const kindText = useTranslations("kinds");
  const statuses = ORDER_STATUSES.map((s) => ({ value: s, label: statusText(s) }));
  const kinds = ORDER_KINDS.map((k) => ({ value: k, label: kindText(k) }));
  return (
    <search aria-label={t("filterLabel")}>
      <form
        method="get"
        action={action}
        className="mb-4 grid gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
      >
        {f.view === "attention" ? <input type="hidden" name="view" value="attention" /> : null}
        <SearchFilter id="f-q" label={t("search")} value={f.q} hint={t("searchHint")} className="sm:col-span-2" />
        <FilterSelects
          idPrefix="f-"
          filters={[
            // The attention view is a set of statuses of its own.
            ...(f.view === "attention"
              ? []
              : [{ name: "status", label: t("status"), anyLabel: t("anyStatus"), value: f.status, options: statuses }]),
            { name: "kind", label: t("kind"), anyLabel: t("anyKind"), value: f.kind, options: kinds },
            {
              name: "provider",
              label: t("provider"),
              anyLabel: t("anyProvider"),
              value: f.provider,
              options: providers,
            },
            ...(resellers.searchable
              ? []
              : [
                  {
                    name: "resellerId",
                    label: t("reseller"),
                    anyLabel: t("anyReseller"),
                    value: f.resellerId,
                    options: resellers.options,
                  },
                ]),
          ]}
        />
        {resellers.searchable ? (
          <ResellerPicker
            id="f-resellerId"
            name="resellerId"
            label={t("reseller")}
            emptyLabel={t("anyReseller")}
            current={resellers.options[0]}
          />
        ) : null}
        {f.customerId ? <input type="hidden" name="customerId" value={f.customerId} /> : null}
        <Field id="f-from" label={t("from")}>
          <Input id="f-from" name="from" type="date" defaultValue={f.from ?? ""} />
        </Field>
        <Field id="f-to" label={t("to")}>
          <Input id="f-to" name="to" type="date" defaultValue={f.to ?? ""} />
        </Field>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass("primary")}>
            {t("apply")}
          </button>
          <a href={action + (f.view === "attention" ? "?view=attention" : "")} className={buttonClass("ghost")}>
            {t("clear")}
          </a>
        </div>
      </form>
    </search>
  );
}
