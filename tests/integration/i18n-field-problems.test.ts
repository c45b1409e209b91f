// A grommunio refusal's problems by field reach a German page in German (docs/i18n.md "Problems
// by field"), while the API and the audit log keep the English they always had. The real worker
// places the order through the real grommunio client against the simulator over HTTP; the
// simulator refuses the create because the home server does not exist there, as grommunio does.
import { createTranslator } from "next-intl";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { LiveOrder } from "@/app/r/[slug]/orders/[id]/live-order";
import { FieldProblemList } from "@/app/ui/field-problems";
import { db } from "@/lib/db";
import { fieldProblemsAsText, fieldProblemsInEnglish } from "@/lib/i18n/field-problems";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import { getResubmitSource } from "@/lib/orders/queries/resubmit-source";
import de from "@/messages/de.json";
import type en from "@/messages/en.json";
import { shareGrommunioServer } from "../../scripts/lib/shared-grommunio-server";
import { makeUser } from "../factories";
import { renderIn, visibleOwnText } from "../support/german-markup";
import { fileTenant, forms, isFinal, place, uniq, waitForOrder } from "./pipeline-fixtures";

const t = fileTenant({ worker: { MAX_ATTEMPTS: "2", RETRY_BASE_MS: "100", RETRY_MAX_MS: "300" } });
// A server ID shared with the reseller in the portal that grommunio does not have (IDs go up to
// 255; the simulator numbers its servers from 1, and the test files make a handful).
const MISSING_SERVER = 254;

describe("a grommunio refusal's problems by field", () => {
  it("are stored as keys, shown in German on the order page and the resubmit form, English in the API and audit", async () => {
    const admin = await makeUser("admin");
    await shareGrommunioServer(admin, t.reseller.id, MISSING_SERVER, `missing-${uniq()}.example.test`);
    const placed = await place(
      t,
      "grommunio_domain",
      forms.grommunio_domain(undefined, { homeserver: MISSING_SERVER }),
    );
    if (!placed.ok) throw new Error(`not placed: ${JSON.stringify(placed)}`);
    const row = await waitForOrder(placed.orderId, isFinal);
    expect(row.status).toBe("failed");
    // The column holds the key, not an English sentence.
    expect(row.fieldErrors).toEqual({ homeserver: [{ key: "noServerWithId" }] });

    const snapshot = await getOrderSnapshot(t.reseller.id, placed.orderId);
    if (!snapshot) throw new Error("the reseller does not see the order");
    const page = (locale: "en" | "de") =>
      visibleOwnText(
        renderIn(
          locale,
          createElement(LiveOrder, {
            slug: t.reseller.slug,
            initial: snapshot,
            labels: { homeserver: locale === "de" ? "Home-Server" : "Home server" },
            cancelAction: async (p) => p,
          }),
        ),
      );
    expect(page("de")).toContain("Home-Server: grommunio hat keinen Server mit dieser ID");
    expect(page("en")).toContain("Home server: grommunio has no server with this ID");

    // The resubmit form shows the same problem as text, in German.
    const source = await getResubmitSource(t.reseller.id, placed.orderId);
    const german = createTranslator({ locale: "de", messages: de as typeof en, namespace: "fieldProblems" });
    expect(fieldProblemsAsText(source?.fieldErrors ?? {}, german, "Meldung von grommunio:")).toEqual({
      homeserver: ["grommunio hat keinen Server mit dieser ID"],
    });

    // The API's field_errors and the audit record keep the English an API client already reads.
    expect(fieldProblemsInEnglish(row.fieldErrors)).toEqual({ homeserver: ["grommunio has no server with this ID"] });
    const failed = await db().auditEvent.findFirstOrThrow({
      where: { orderId: placed.orderId, action: "order.failed" },
      select: { after: true },
    });
    expect((failed.after as { fieldErrors?: unknown }).fieldErrors).toEqual({
      homeserver: ["grommunio has no server with this ID"],
    });
  });

  it("show a row stored before keys in German, and the provider's own words quoted and labelled", () => {
    const older = { domainname: ['grommunio does not accept "a_b.com" as a domain name'], _form: ["mystery text"] };
    const html = renderIn(
      "de",
      createElement(FieldProblemList, { problems: older, provider: "grommunio", label: "Probleme nach Feld" }),
    );
    expect(visibleOwnText(html)).toContain("domainname: grommunio akzeptiert „a_b.com“ nicht als Domainnamen");
    // The request-wide problems' internal key is never shown: their sentence stands alone.
    expect(visibleOwnText(html)).toContain("Meldung von grommunio:");
    expect(visibleOwnText(html)).not.toContain("_form");
    expect(html).toContain('<q lang="en" class="font-mono text-[0.95em]">mystery text</q>');
  });
});
