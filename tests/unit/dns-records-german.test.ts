// The service page's DNS records table says what each record is for in the viewer's language
// (docs/i18n.md "The service page"); the record itself (name, type, value) is what the person
// copies into their zone and stays as it is.
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { DnsRecords } from "@/app/r/[slug]/services/[id]/dns-records";
import type { DnsRecord } from "@/lib/services/activation";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import { renderIn, visibleOwnText } from "../support/german-markup";

const RECORDS: DnsRecord[] = [
  { name: "x1.shop.example", type: "A", value: "198.51.100.7", why: "ownership" },
  { name: "shop.example", type: "MX", value: "10 mail.example.net.", why: "mx" },
  { name: "autodiscover.shop.example", type: "CNAME", value: "mail.example.net.", why: "autodiscover" },
  { name: "autoconfig.shop.example", type: "CNAME", value: "mail.example.net.", why: "autoconfig" },
];

describe("the DNS records table", () => {
  it("says why each record is needed in German, never in English", () => {
    const text = visibleOwnText(renderIn("de", createElement(DnsRecords, { records: RECORDS, caption: "DNS" })));
    for (const record of RECORDS) {
      expect(text).toContain(record.value);
      expect(text).toContain(de.services.activation.why[record.why]);
      expect(text).not.toContain(en.services.activation.why[record.why]);
    }
  });

  it("in English, the same sentences as before", () => {
    const text = visibleOwnText(renderIn("en", createElement(DnsRecords, { records: RECORDS, caption: "DNS" })));
    expect(text).toContain("Proves to Qboxmail that you control the domain. Remove it once the domain is active.");
    expect(text).toContain("Mail for the domain is delivered to the server.");
  });
});
