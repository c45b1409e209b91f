"use client";
// The Qboxmail domains a manager administers, searched among the reseller's live domains on the
// server: on the order form and on the manager's service page (docs/order-form.md "Pickers").
// Its own module, so the service pages that import it send only the picker's messages.
import { useTranslations } from "next-intl";
import { useOptionPages } from "@/app/ui/picker-pages";
import type { PickerOption } from "@/app/ui/search-picker";
import { SearchPicker } from "@/app/ui/search-picker";

type Props = {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  customerId: string;
  ordersPath: string;
  initial: PickerOption[];
  /** Send "" when nothing is chosen (the change form, where none is a change). */
  sendEmpty?: boolean;
};

export function DomainPicker(props: Props) {
  const t = useTranslations("picker");
  const load = useOptionPages(props.ordersPath, "domains");
  return (
    <SearchPicker {...props} multiple load={load} allLabel={t("allDomains")} placeholder={t("domainPlaceholder")} />
  );
}
