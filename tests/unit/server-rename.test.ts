// A grommunio server's host name is changeable (docs/lifecycle.md "Renaming a grommunio server"):
// the change form offers it with the order form's label in every language, the change schema holds
// it to the order form's rules, and a server with users or domains homed on it, as last read, is
// refused on the field; the external address stays changeable.
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { orderKinds } from "@/lib/orders/schemas";
import { refusedBySettings } from "@/lib/services/change-against-settings";
import { changeFields } from "@/lib/services/change-fields";
import { CHANGE_SCHEMAS, judgeApplied } from "@/lib/services/change-kinds";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";

const CATALOGUES = { en, it: it_ as typeof en, de: de as typeof en };

describe("a grommunio server's host name", () => {
  it("is on the change form with the order form's label, in English, Italian and German", () => {
    expect(changeFields("grommunio_server").map((f) => f.name)).toEqual(["hostname", "extname"]);
    for (const [locale, messages] of Object.entries(CATALOGUES)) {
      const t = createTranslator({ locale, messages, namespace: "orderFields" });
      expect(t("grommunio_server.hostname.label"), locale).toBe(messages.orderFields.grommunio_server.hostname.label);
    }
    expect(new Set(Object.values(CATALOGUES).map((m) => m.orderFields.grommunio_server.hostname.label)).size).toBe(3);
  });

  it("is held to the order form's rules and messages; left out, it is not changed", () => {
    const change = CHANGE_SCHEMAS.grommunio_server;
    const order = orderKinds.grommunio_server.formSchema;
    expect(change.safeParse({ hostname: "MX2.example.com" }).data).toEqual({ hostname: "MX2.example.com" });
    expect(change.safeParse({ extname: "mail.example.net" }).data).toEqual({ extname: "mail.example.net" });
    for (const wrong of ["mx2 .example.com", "mx2..example.com", "müx.example.com", `${"a".repeat(250)}.example.com`]) {
      const theirs = order.safeParse({ hostname: wrong, extname: "mail.example.net" }).error?.issues;
      const ours = change.safeParse({ hostname: wrong }).error?.issues;
      expect(
        ours?.map((i) => [i.path.join("."), i.message]),
        wrong,
      ).toEqual(theirs?.map((i) => [i.path.join("."), i.message]));
    }
    expect(change.safeParse({ hostname: "" }).error?.issues.map((i) => i.path.join("."))).toEqual(["hostname"]);
  });

  it("is refused while the server, as last read, has users or domains homed on it; the external address is not", () => {
    const rename = { hostname: "mx2.example.com" };
    const known = (settings: unknown) => ({ settings, upstreamState: "active" });
    expect(refusedBySettings("grommunio_server", rename, known({ users: 0, domains: 2 }))).toEqual({
      hostname: [expect.stringMatching(/users: 0, domains: 2.*move or purge its domains and users first/)],
    });
    expect(refusedBySettings("grommunio_server", rename, known({ users: 1, domains: 0 }))?.hostname).toHaveLength(1);
    expect(refusedBySettings("grommunio_server", rename, known({ users: 0, domains: 0 }))).toBeUndefined();
    expect(refusedBySettings("grommunio_server", { extname: "x.example" }, known({ domains: 3 }))).toBeUndefined();
    // Never read: nothing to judge by here; the worker reads the server before the PATCH.
    expect(refusedBySettings("grommunio_server", rename, known({}))).toBeUndefined();
  });

  it("is read back as sent after a lost answer", () => {
    const set = { hostname: "MX2.example.com" };
    const read = (hostname: string) => ({ found: true as const, data: { ID: 4, hostname, extname: "e", users: 0 } });
    expect(judgeApplied("grommunio_server", "change", { set }, read("MX2.example.com"))).toBe("applied");
    expect(judgeApplied("grommunio_server", "change", { set }, read("mx1.example.com"))).toBe("pending");
    expect(judgeApplied("grommunio_server", "change", { set }, { found: false })).toBe("gone");
  });
});
