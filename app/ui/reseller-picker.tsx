"use client";
// A reseller chosen by a search of its name or slug, for the staff pages once the installation has
// more resellers than a select lists (lib/support/reseller-options.ts): the support order list's
// and audit log's filters, the admin's new-user form. First entry `emptyLabel` ("Any reseller",
// "No reseller"), which posts an empty value, as the select it replaces did.
import { useTranslations } from "next-intl";
import { useOptionPages } from "./picker-pages";
import { type PickerOption, SearchPicker } from "./search-picker";

type Props = {
  id: string;
  name: string;
  label: string;
  emptyLabel: string;
  hint?: string;
  errors?: string[];
  /** The reseller the address or form names, if there is one. */
  current?: PickerOption;
};

export function ResellerPicker({ current, emptyLabel, ...props }: Props) {
  const t = useTranslations("picker");
  const load = useOptionPages("/support", "resellers");
  const empty = { value: "", label: emptyLabel };
  return (
    <SearchPicker
      {...props}
      initial={[current ?? empty]}
      pinned={[empty]}
      load={load}
      customerId=""
      placeholder={t("resellerPlaceholder")}
      noMatch={t("resellerNoMatch")}
    />
  );
}
