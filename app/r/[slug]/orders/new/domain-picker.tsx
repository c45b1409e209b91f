"use client";
// The Qboxmail domains a manager administers, searched among the reseller's live domains on the
// server: on the order form and on the manager's service page (docs/order-form.md "Pickers").
// Its own module, so the service pages that import it send only the picker's messages.
import { useTranslations } from "next-intl";
import { useOptionPages } from "@/app/ui/picker-pages";
import { SearchPicker, type SearchPickerProps } from "@/app/ui/search-picker";

type Props = Pick<
  SearchPickerProps,
  "id" | "name" | "label" | "hint" | "errors" | "customerId" | "initial" | "sendEmpty"
> & { ordersPath: string };

export function DomainPicker(props: Props) {
  const t = useTranslations("picker");
  const load = useOptionPages(props.ordersPath, "domains");
  return (
    <SearchPicker {...props} multiple load={load} allLabel={t("allDomains")} placeholder={t("domainPlaceholder")} />
  );
}
