// The filter bar of the order list: a plain GET form, so every filtered view is a URL that can be
// shared, reloaded and exported.

import { buttonClass } from "@/app/ui/button";
import { Field, Input } from "@/app/ui/field";
import { FilterSelect } from "@/app/ui/filter-select";
import { KIND_LABELS, labelOptions, PROVIDER_LABELS, STATUS_LABELS } from "@/lib/orders/vocabulary";
import type { SupportOrderFilters } from "@/lib/support/order-filters";

type Props = { filters: SupportOrderFilters; resellers: Array<{ id: string; name: string }>; action: string };

const statuses = labelOptions(STATUS_LABELS);
const providers = labelOptions(PROVIDER_LABELS);

export function OrderFiltersForm({ filters: f, resellers, action }: Props) {
  const resellerOptions = resellers.map((r) => ({ value: r.id, label: r.name }));
  return (
    <search aria-label="Filter orders">
      <form
        method="get"
        action={action}
        className="mb-4 grid gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
      >
        {f.view === "attention" ? <input type="hidden" name="view" value="attention" /> : null}
        <Field
          id="f-q"
          label="Search"
          hint="Domain name, hostname, e-mail (start of it) or upstream reference"
          className="sm:col-span-2"
        >
          <Input
            id="f-q"
            name="q"
            type="search"
            defaultValue={f.q ?? ""}
            hint="Domain name, hostname, e-mail (start of it) or upstream reference"
          />
        </Field>
        {[
          ...(f.view === "attention"
            ? []
            : [{ name: "status", label: "Status", anyLabel: "Any status", value: f.status, options: statuses }]),
          { name: "kind", label: "Kind", anyLabel: "Any kind", value: f.kind, options: labelOptions(KIND_LABELS) },
          { name: "provider", label: "Provider", anyLabel: "Any provider", value: f.provider, options: providers },
          {
            name: "resellerId",
            label: "Reseller",
            anyLabel: "Any reseller",
            value: f.resellerId,
            options: resellerOptions,
          },
        ].map((filter) => (
          <FilterSelect key={filter.name} id={`f-${filter.name}`} {...filter} />
        ))}
        {f.customerId ? <input type="hidden" name="customerId" value={f.customerId} /> : null}
        <Field id="f-from" label="Created from">
          <Input id="f-from" name="from" type="date" defaultValue={f.from ?? ""} />
        </Field>
        <Field id="f-to" label="Created until">
          <Input id="f-to" name="to" type="date" defaultValue={f.to ?? ""} />
        </Field>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass("primary")}>
            Apply filters
          </button>
          <a href={action + (f.view === "attention" ? "?view=attention" : "")} className={buttonClass("ghost")}>
            Clear
          </a>
        </div>
      </form>
    </search>
  );
}
