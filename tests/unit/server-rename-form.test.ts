// The service page of a grommunio server offers its host name in the change form, labelled as on
// the order form in each language, and greys it out, saying why, while the last reading counts
// users or domains on the server (docs/lifecycle.md "Renaming a grommunio server").
import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ManageSection } from "@/app/r/[slug]/services/[id]/manage-section";
import type { ServiceDetail } from "@/lib/services/queries";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";

const CATALOGUES = { en, it: it_ as typeof en, de: de as typeof en };

function servicePage(locale: keyof typeof CATALOGUES, settings: Record<string, unknown>): string {
  const service = {
    id: "5b0c1a52-0000-4000-8000-000000000001",
    kind: "grommunio_server",
    provider: "grommunio",
    status: "active",
    upstreamRef: "7",
    naturalKey: "mx1.example.com",
    displayName: "mx1.example.com",
    customerId: "5b0c1a52-0000-4000-8000-000000000002",
  } as unknown as ServiceDetail;
  return renderToStaticMarkup(
    createElement(
      NextIntlClientProvider,
      // The children come as createElement's third argument.
      { locale, messages: CATALOGUES[locale], timeZone: "UTC" } as unknown as ComponentProps<
        typeof NextIntlClientProvider
      >,
      createElement(ManageSection, { slug: "alpine", service, state: "active", settings }),
    ),
  );
}

const input = (html: string, name: string) => new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? "";
/** The attribute, not the class names that style a disabled control. */
const DISABLED = /\sdisabled=""/;

describe("a grommunio server's service page", () => {
  it.each(Object.keys(CATALOGUES) as (keyof typeof CATALOGUES)[])(
    "%s: offers the host name under the order form's label, prefilled",
    (locale) => {
      const html = servicePage(locale, {
        ID: 7,
        hostname: "mx1.example.com",
        extname: "mail.example.com",
        users: 0,
        domains: 0,
      });
      expect(html).toContain(CATALOGUES[locale].orderFields.grommunio_server.hostname.label);
      expect(input(html, "hostname")).toContain('value="mx1.example.com"');
      expect(input(html, "hostname")).not.toMatch(DISABLED);
    },
  );

  it("greys the host name out, saying why, while users or domains are homed on the server; the external address stays", () => {
    const settings = { ID: 7, hostname: "mx1.example.com", extname: "mail.example.com", users: 0, domains: 2 };
    const html = servicePage("de", settings);
    expect(input(html, "hostname")).toMatch(DISABLED);
    expect(html).toContain("Benutzer: 0, Domains: 2");
    expect(input(html, "extname")).not.toMatch(DISABLED);
  });
});
