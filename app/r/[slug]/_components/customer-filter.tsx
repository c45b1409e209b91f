"use client";
// The customer filter of the orders and services lists once a reseller has more customers than a
// select lists: a search by a fragment of the customer's name or reference (the order form's
// customer search, docs/order-form.md "Pickers"), first entry "Any customer". It posts `customer`
// like the select it replaces, empty for any, so the filter bar stays a plain GET form.
import { useTranslations } from "next-intl";
import { useOptionPages } from "@/app/ui/picker-pages";
import { type PickerOption, SearchPicker } from "@/app/ui/search-picker";

type Props = {
  id: string;
  label: string;
  /** The first entry, which filters by no customer. */
  anyLabel: string;
  slug: string;
  /** The customer the address filters by, if it is this reseller's. */
  current?: PickerOption;
};

export function CustomerFilter({ id, label, anyLabel, slug, current }: Props) {
  const t = useTranslations("picker");
  const load = useOptionPages(`/r/${slug}/orders`, "customers");
  const any = { value: "", label: anyLabel };
  return (
    <SearchPicker
      id={id}
      name="customer"
      label={label}
      initial={[current ?? any]}
      pinned={[any]}
      load={load}
      customerId=""
      placeholder={t("customerPlaceholder")}
      noMatch={t("customerNoMatch")}
    />
  );
}
