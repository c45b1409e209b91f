// The reseller's timeline words the reasons the portal writes on order events in the viewer's
// language; a person's own reason stays as written (docs/i18n.md "Order event reasons").
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { reasonText } from "@/app/r/[slug]/orders/[id]/timeline-text";
import { readEventReason } from "@/lib/orders/event-reasons";
import { stopMessage } from "@/lib/orders/retry-cap";
import de from "@/messages/de.json";
import type en from "@/messages/en.json";

const german = createTranslator({ locale: "de", messages: de as typeof en, namespace: "orderPage" });

describe("order event reasons", () => {
  it("reads the retry cap's stops with their number of attempts", () => {
    expect(readEventReason(stopMessage("failed", 8))).toEqual({ key: "gaveUp", attempts: 8 });
    expect(readEventReason(stopMessage("held", 9))).toEqual({ key: "gaveUpMayExist", attempts: 9 });
  });

  it("reads the placing, cancelling and dependency reasons with their order", () => {
    expect(readEventReason("Resubmitted from order 0b7c")).toEqual({ key: "resubmittedFrom", order: "0b7c" });
    expect(readEventReason("Server order 42ab succeeded")).toEqual({ key: "serverSucceeded", order: "42ab" });
    expect(readEventReason("Cancelled by the reseller")).toEqual({ key: "cancelledByReseller" });
  });

  it("words them in German and leaves a person's reason as typed", () => {
    expect(reasonText(german as never, stopMessage("failed", 8))).toContain("Nach 8 fehlgeschlagenen Versuchen");
    expect(reasonText(german as never, "Retried by support")).toBe("Vom Support wiederholt.");
    expect(reasonText(german as never, "Kunde hat angerufen")).toBe("Kunde hat angerufen");
  });
});
