// The service page's manage section rendered to HTML in English, as the server sends it: for unit
// tests of the change forms (what they start with, which boxes are ticked, which errors show).
import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { ManageSection } from "@/app/r/[slug]/services/[id]/manage-section";
import type { ServiceDetail } from "@/lib/services/queries";
import en from "@/messages/en.json";

type Extra = Omit<ComponentProps<typeof ManageSection>, "slug" | "service" | "state" | "settings">;

/** A live service's manage section, of this kind, with these settings as last read. */
export function manageSectionMarkup(kind: string, settings: Record<string, unknown>, extra: Extra = {}): string {
  const service = {
    id: "5b0c1a52-0000-4000-8000-000000000001",
    kind,
    provider: kind.startsWith("qboxmail") ? "qboxmail" : "grommunio",
    status: "active",
    upstreamRef: "7",
    naturalKey: "example.com",
    displayName: "example.com",
    customerId: "5b0c1a52-0000-4000-8000-000000000002",
  } as unknown as ServiceDetail;
  return renderToStaticMarkup(
    createElement(
      NextIntlClientProvider,
      { locale: "en", messages: en, timeZone: "UTC" } as unknown as ComponentProps<typeof NextIntlClientProvider>,
      createElement(ManageSection, { slug: "alpine", service, state: "active", settings, ...extra }),
    ),
  );
}

/** A live grommunio domain's manage section with these settings as last read. */
export const grommunioDomainSection = (settings: Record<string, unknown>, extra: Extra = {}) =>
  manageSectionMarkup("grommunio_domain", settings, extra);

/** The input or select named `name` in the markup, as its opening tag ("" when there is none). */
export const inputNamed = (html: string, name: string) =>
  new RegExp(`<(?:input|select)[^>]*name="${name.replace(/[.~]/g, "\\$&")}"[^>]*>`).exec(html)?.[0] ?? "";
