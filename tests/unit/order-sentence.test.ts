// Order summaries in words: the facts picked from a payload, read through the real catalogues.
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { bytesParts } from "@/lib/format/bytes";
import { type OrderSentence, orderSentence } from "@/lib/orders/order-sentence";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";

function read(s: OrderSentence, locale: "en" | "it" | "de"): string {
  const messages = { en, it: it_, de }[locale];
  const t = createTranslator({ locale, messages, namespace: "orderSentence" }) as unknown as (
    key: string,
    values?: Record<string, string | number>,
  ) => string;
  const part = (p: OrderSentence["head"]) => {
    if (typeof p.values.bytes === "number") {
      const { value, unit } = bytesParts(p.values.bytes);
      return t(p.key, { size: `${new Intl.NumberFormat(locale).format(value)} ${unit}` });
    }
    return t(p.key, p.values);
  };
  const details = s.details.map(part);
  return details.length
    ? t("withDetails", { head: part(s.head), details: details.join(", ") })
    : t("plain", { head: part(s.head) });
}

const base = { action: "create", customerName: "ACME" };

describe("order sentence", () => {
  it("names a Qboxmail domain in Unicode with its ASCII form, the customer, the limits and the quota", () => {
    const s = orderSentence({
      ...base,
      kind: "qboxmail_domain",
      displayName: "bücher.de",
      naturalKey: "xn--bcher-kva.de",
      payload: {
        name: "xn--bcher-kva.de",
        plan: "professional",
        max_email_accounts: 12000,
        max_email_quota: 1610612736,
      },
    });
    expect(read(s, "en")).toBe(
      "Qboxmail domain bücher.de (xn--bcher-kva.de) for ACME: Professional plan, up to 12,000 mailboxes, at most 1.5 GB per mailbox.",
    );
    expect(read(s, "it")).toBe(
      "Dominio Qboxmail bücher.de (xn--bcher-kva.de) per ACME: piano Professional, fino a 12.000 caselle, al massimo 1,5 GB per casella.",
    );
    expect(read(s, "de")).toBe(
      "Qboxmail-Domain bücher.de (xn--bcher-kva.de) für ACME: Tarif Professional, bis zu 12.000 Postfächer, höchstens 1,5 GB je Postfach.",
    );
  });

  it("names a grommunio domain's server by hostname and counts only the policy settings that differ", () => {
    const s = orderSentence({
      ...base,
      kind: "grommunio_domain",
      displayName: "shop.it",
      naturalKey: "shop.it",
      payload: {
        domainname: "shop.it",
        maxUser: 10,
        homeserverOrderId: "x",
        syncPolicy: { allowbluetooth: 2, allowbrowser: 0 },
      },
      serverHostname: "mx1.example.net",
    });
    expect(read(s, "en")).toBe(
      "grommunio domain shop.it for ACME: up to 10 users, on server mx1.example.net, 1 ActiveSync setting changed from the default.",
    );
  });

  it("says 'no limit' for -1, names a change order's action, and leaves a bare sentence without details", () => {
    const manager = orderSentence({
      ...base,
      kind: "qboxmail_manager",
      displayName: "ann@shop.it",
      naturalKey: "ann@shop.it",
      payload: { firstname: "Ann", lastname: "Rossi", domain_codes: ["D1", "D2"], max_domains: -1 },
    });
    expect(read(manager, "en")).toBe(
      "Qboxmail manager ann@shop.it for ACME: Ann Rossi, 2 domains assigned, any number of domains.",
    );
    // With the names the portal knows, the manager's domains by name (an unknown code as it is), the rest counted.
    const named = (codes: string[]) =>
      orderSentence({
        ...base,
        kind: "qboxmail_manager",
        displayName: "ann@shop.it",
        naturalKey: "ann@shop.it",
        payload: { firstname: "Ann", lastname: "Rossi", domain_codes: codes },
        domainNames: new Map([
          ["D1", "bücher.de"],
          ["D2", "shop.it"],
          ["D3", "a.it"],
        ]),
      });
    expect(read(named(["D1", "D2"]), "en")).toBe(
      "Qboxmail manager ann@shop.it for ACME: Ann Rossi, domains bücher.de, shop.it.",
    );
    expect(read(named(["D1"]), "de")).toBe("Qboxmail-Manager ann@shop.it für ACME: Ann Rossi, Domain bücher.de.");
    expect(read(named(["D1", "D2", "D3", "D9", "D8"]), "it")).toContain("domini bücher.de, shop.it, a.it e altri 2");
    expect(read(named(["D9"]), "en")).toContain("domain D9.");
    const suspend = orderSentence({
      ...base,
      action: "suspend",
      kind: "grommunio_server",
      displayName: "mx1.example.net",
      naturalKey: "mx1.example.net",
      payload: { extname: "mail.example.net" },
    });
    expect(read(suspend, "de")).toBe("Sperrung: grommunio-Server mx1.example.net für ACME.");
  });
});
