// The service page's change form offers exactly what a change may set: every field the change
// schema accepts has its control (the ActiveSync policy and a Qboxmail password on forms of their
// own), and no control sends a field the schema would drop without a word.
import { describe, expect, it } from "vitest";
import { orderKinds } from "@/lib/orders/schemas";
import { refusedBySettings } from "@/lib/services/change-against-settings";
import {
  changeFields,
  changeRequestFromForm,
  passwordChangeFields,
  planLockedFields,
  policySections,
  SHOWN_FIELD,
  shownSettings,
  shownValues,
} from "@/lib/services/change-fields";
import { CHANGE_SCHEMAS, changeableFields, judgeApplied, withWholeSyncPolicy } from "@/lib/services/change-kinds";
import { settingsVersion } from "@/lib/services/settings-version";
import { stateOf } from "@/lib/services/upstream-state";

const KINDS = ["grommunio_domain", "grommunio_server", "qboxmail_domain", "qboxmail_manager"] as const;

describe("the change form's fields", () => {
  it.each(KINDS)("%s: one control per field the change accepts", (kind) => {
    const onForm = [...changeFields(kind), ...passwordChangeFields(kind)].map((f) => f.name);
    const accepted = [...changeableFields(kind)].filter((name) => name !== "syncPolicy");
    expect([...onForm].sort()).toEqual([...accepted].sort());
    for (const f of changeFields(kind)) expect(f.required).toBe(false);
  });

  it.each([
    ["qboxmail_domain", "postmaster_password", "postmaster_password_confirmation"],
    ["qboxmail_manager", "password", "password_confirmation"],
  ] as const)("%s: the password form asks for the pair, apart from the settings", (kind, password, confirmation) => {
    expect(passwordChangeFields(kind).map((f) => f.name)).toEqual([password, confirmation]);
    expect(passwordChangeFields(kind).every((f) => f.input === "password")).toBe(true);
    expect(changeFields(kind).some((f) => f.name === password)).toBe(false);
    const ok = CHANGE_SCHEMAS[kind].safeParse({ [password]: "New-Pass-2026", [confirmation]: "New-Pass-2026" });
    expect(ok.success).toBe(true);
    const differ = CHANGE_SCHEMAS[kind].safeParse({ [password]: "New-Pass-2026", [confirmation]: "New-Pass-2027" });
    expect(differ.error?.issues.map((i) => i.path.join("."))).toEqual([confirmation]);
  });

  it("a Qboxmail manager's change offers the Delivery limits the update takes and the order form lacks", () => {
    const delivery = ["max_delivery_domains", "max_delivery_accounts"];
    const onForm = changeFields("qboxmail_manager").filter((f) => delivery.includes(f.name));
    expect(onForm.map((f) => [f.name, f.input, f.noLimit])).toEqual(delivery.map((n) => [n, "number", -1]));
    const orderForm = orderKinds.qboxmail_manager.fieldSections.flatMap((s) => s.fields.map((f) => f.name));
    for (const name of delivery) expect(orderForm).not.toContain(name);
    const schema = CHANGE_SCHEMAS.qboxmail_manager;
    expect(schema.safeParse({ max_delivery_domains: "-1", max_delivery_accounts: 0 }).data).toEqual({
      max_delivery_domains: -1,
      max_delivery_accounts: 0,
    });
    for (const wrong of [-2, 1.5, 2_147_483_648, "many"])
      expect(schema.safeParse({ max_delivery_accounts: wrong }).error?.issues.map((i) => i.path.join("."))).toEqual([
        "max_delivery_accounts",
      ]);
  });

  it("a Qboxmail manager's domains are opaque codes, as on create, each once", () => {
    const schema = CHANGE_SCHEMAS.qboxmail_manager;
    // Qboxmail's own material shows D + 9 digits, D + 8 and "DD…": a manager holding any of them stays changeable.
    const codes = ["D123456789", "D12345678", "DD66042061"];
    expect(schema.safeParse({ domain_codes: codes }).data).toEqual({ domain_codes: codes });
    expect(schema.safeParse({ domain_codes: ["D12345678", "D12345678"] }).error?.issues[0]?.path).toEqual([
      "domain_codes",
    ]);
  });

  it("refuses chat on for a grommunio domain whose status, as last read, is not active", () => {
    const read = (domainStatus: number) => ({
      settings: { domainStatus },
      upstreamState: stateOf("grommunio_domain", { domainStatus }),
    });
    expect(refusedBySettings("grommunio_domain", { chat: true }, read(0))).toBeUndefined();
    for (const status of [1, 2, 3])
      expect(refusedBySettings("grommunio_domain", { chat: true }, read(status))?.chat, `status ${status}`).toEqual([
        expect.stringMatching(/resume the domain first/),
      ]);
    // Off is always allowed, and a domain never read is left to grommunio.
    expect(refusedBySettings("grommunio_domain", { chat: false }, read(2))).toBeUndefined();
    expect(
      refusedBySettings("grommunio_domain", { chat: true }, { settings: {}, upstreamState: null }),
    ).toBeUndefined();
  });

  it("judges a list change applied only from a reading that shows the list", () => {
    const change = { set: { domain_codes: ["D2", "D1"] } };
    const read = (data: Record<string, unknown>) =>
      judgeApplied("qboxmail_manager", "change", change, { found: true, data });
    expect(read({ domain_codes: ["D1", "D2"] })).toBe("applied");
    expect(read({ domain_codes: ["D1"] })).toBe("pending");
    // A reading without the list says nothing about it, an emptied list included.
    expect(read({})).toBe("pending");
    expect(judgeApplied("qboxmail_manager", "change", { set: { domain_codes: [] } }, { found: true, data: {} })).toBe(
      "pending",
    );
    expect(
      judgeApplied(
        "qboxmail_manager",
        "change",
        { set: { domain_codes: [] } },
        { found: true, data: { domain_codes: [] } },
      ),
    ).toBe("applied");
  });

  it("turning a Qboxmail domain's catch-all on sends its address along, shown or typed, and needs one", () => {
    const schema = CHANGE_SCHEMAS.qboxmail_domain;
    // Without an address in the change, the domain must hold one (Qboxmail checks the pair against it).
    const on = { catch_all_enabled: true };
    const known = (settings: unknown) => ({ settings, upstreamState: "active" });
    expect(Object.keys(refusedBySettings("qboxmail_domain", on, known({})) ?? {})).toEqual(["catch_all_destination"]);
    expect(refusedBySettings("qboxmail_domain", on, known({ catch_all_destination: " " }))).toBeDefined();
    expect(refusedBySettings("qboxmail_domain", on, known({ catch_all_destination: "all@shop.example" }))).toBe(
      undefined,
    );
    expect(schema.safeParse({ catch_all_enabled: false }).success).toBe(true);
    // The page showed catch-all off with an address kept from before; the person ticks it on only.
    const fields = changeFields("qboxmail_domain");
    const settings = { catch_all_enabled: false, catch_all_destination: "all@shop.example", antispam_level: 2 };
    const shown = shownValues(fields, settings);
    const fd = new FormData();
    fd.set(SHOWN_FIELD, JSON.stringify(shown));
    for (const [name, value] of Object.entries(shown)) if (value !== "") fd.set(name, value);
    fd.set("catch_all_enabled", "true");
    const form = changeRequestFromForm("s", "change", fd).form;
    const sent = typeof form === "function" ? form("qboxmail_domain") : undefined;
    expect(schema.parse(sent)).toEqual({ catch_all_enabled: true, catch_all_destination: "all@shop.example" });
  });

  it("a grommunio domain's texts can be emptied: an emptied field is sent as '', one left empty is not sent", () => {
    const fields = changeFields("grommunio_domain");
    const shown = shownValues(fields, { title: "Org", address: "", adminName: "Anna", maxUser: 10 });
    const fd = new FormData();
    fd.set(SHOWN_FIELD, JSON.stringify(shown));
    for (const [name, value] of Object.entries(shown)) fd.set(name, value);
    fd.set("title", "  ");
    const form = changeRequestFromForm("s", "change", fd).form;
    const sent = typeof form === "function" ? form("grommunio_domain") : undefined;
    expect(sent).toEqual({ title: "" });
    expect(CHANGE_SCHEMAS.grommunio_domain.parse(sent)).toEqual({ title: "" });
    // The API may send "" too, or blanks, which clear it as well; anything else is still checked as on the order form.
    expect(CHANGE_SCHEMAS.grommunio_domain.parse({ title: "   " })).toEqual({ title: "" });
    expect(CHANGE_SCHEMAS.grommunio_domain.safeParse({ tel: "x".repeat(65) }).success).toBe(false);
  });

  it("an emptied setting with no empty value is refused on its field, not dropped as if untouched", () => {
    const submit = (kind: (typeof KINDS)[number], settings: Record<string, unknown>, typed: Record<string, string>) => {
      const shown = shownValues(changeFields(kind), settings);
      const fd = new FormData();
      fd.set(SHOWN_FIELD, JSON.stringify(shown));
      for (const [name, value] of Object.entries({ ...shown, ...typed })) if (value !== "false") fd.set(name, value);
      const form = changeRequestFromForm("s", "change", fd).form;
      const sent = typeof form === "function" ? form(kind) : undefined;
      const parsed = CHANGE_SCHEMAS[kind].safeParse(sent);
      return { sent, parsed, errors: parsed.error?.issues.map((i) => [i.path.join("."), i.message]) };
    };
    const cannotEmpty = "This setting cannot be emptied: give it a value, or keep the current one";

    const domain = submit("grommunio_domain", { maxUser: 10, endDay: "2030-01-01", title: "Org" }, { endDay: " " });
    expect(domain.sent).toEqual({ endDay: "" });
    // grommunio has no empty day: an emptied end date is sent as its "no end date", 3333-03-03.
    expect(domain.parsed.data).toEqual({ endDay: "3333-03-03" });
    // Every emptied field is named at once, beside a field whose own rule fails.
    const both = submit(
      "grommunio_domain",
      { maxUser: 10, endDay: "2030-01-01" },
      { maxUser: "", tel: "x".repeat(65) },
    );
    expect(both.errors?.map(([path]) => path).sort()).toEqual(["maxUser", "tel"]);
    expect(both.errors).toContainEqual(["maxUser", cannotEmpty]);

    const server = submit("grommunio_server", { extname: "mail.example.net" }, { extname: "" });
    expect(server.errors).toEqual([["extname", cannotEmpty]]);

    // A limit emptied with its "No limit" box left unticked.
    const manager = submit("qboxmail_manager", { max_domains: 5, max_email_accounts: 20 }, { max_domains: "" });
    expect(manager.errors).toEqual([["max_domains", cannotEmpty]]);

    // Catch-all on, its address emptied: refused; catch-all turned off with it: the address is not sent.
    const on = { catch_all_enabled: true, catch_all_destination: "all@shop.example", antispam_level: 2 };
    expect(submit("qboxmail_domain", on, { catch_all_destination: "" }).errors).toEqual([
      ["catch_all_destination", cannotEmpty],
    ]);
    const off = submit("qboxmail_domain", on, { catch_all_enabled: "false", catch_all_destination: "" });
    expect(off.parsed.data).toEqual({ catch_all_enabled: false });
    // Turned on with the box left blank on a domain that has no address: no address is sent, and
    // the change is refused as catch-all without an address, not as an emptied setting.
    const none = { catch_all_enabled: false, antispam_level: 2 };
    const onBlank = submit("qboxmail_domain", none, { catch_all_enabled: "true", catch_all_destination: "" });
    expect(onBlank.sent).toEqual({ catch_all_enabled: "true" });
    expect(
      refusedBySettings("qboxmail_domain", onBlank.parsed.data as Record<string, unknown>, {
        settings: none,
        upstreamState: "active",
      }),
    ).toEqual({ catch_all_destination: ["Enter the address that receives the catch-all mail"] });

    // The API's "" is refused the same way; an emptied list still empties it.
    expect(CHANGE_SCHEMAS.qboxmail_domain.safeParse({ max_email_accounts: "" }).error?.issues[0]?.message).toBe(
      cannotEmpty,
    );
    expect(CHANGE_SCHEMAS.qboxmail_domain.parse({ allow_nets: "" })).toEqual({ allow_nets: [] });
  });

  it("null in the API's set empties a setting that can be emptied, and is refused, naming it, on any other", () => {
    const domain = CHANGE_SCHEMAS.grommunio_domain;
    // Read as "not given", {"title": null} was dropped and the change placed without it.
    expect(domain.parse({ title: null, maxUser: 20 })).toEqual({ title: "", maxUser: 20 });
    expect(domain.parse({ endDay: null })).toEqual({ endDay: "3333-03-03" });
    expect(CHANGE_SCHEMAS.qboxmail_domain.parse({ allow_nets: null })).toEqual({ allow_nets: [] });
    const cannotBeNull = (field: string) =>
      `${field} cannot be null: it has no empty value. Send a value, or leave ${field} out to keep the current one`;
    const errors = (kind: (typeof KINDS)[number], set: Record<string, unknown>) =>
      CHANGE_SCHEMAS[kind].safeParse(set).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(errors("grommunio_domain", { maxUser: null, chat: null, title: "Org" })).toEqual([
      ["maxUser", cannotBeNull("maxUser")],
      ["chat", cannotBeNull("chat")],
    ]);
    expect(errors("grommunio_server", { hostname: null })).toEqual([["hostname", cannotBeNull("hostname")]]);
    expect(errors("qboxmail_domain", { catch_all_destination: null })).toEqual([
      ["catch_all_destination", cannotBeNull("catch_all_destination")],
    ]);
    // A password is never emptied, whatever its pair says.
    expect(errors("qboxmail_manager", { password: null, password_confirmation: null })).toEqual([
      ["password", cannotBeNull("password")],
      ["password_confirmation", cannotBeNull("password_confirmation")],
    ]);
    // The policy's own null keeps its meaning: the domain's policy, or one key of it, taken out.
    expect(domain.parse({ syncPolicy: null })).toEqual({ syncPolicy: null });
    expect(domain.parse({ syncPolicy: { allowwifi: null } })).toEqual({ syncPolicy: { allowwifi: null } });
  });

  it("greys out the features a Qboxmail domain's plan lacks, unless one is on already", () => {
    const basic = planLockedFields("qboxmail_domain", { plan: "basic", chat: false, activesync: true });
    expect(basic.chat).toEqual(["enterprise"]);
    expect(basic.meeting).toEqual(["enterprise"]);
    // On already (an adopted domain): left usable, so it can be switched off.
    expect(basic.activesync).toBeUndefined();
    const professional = planLockedFields("qboxmail_domain", { plan: "professional" });
    expect(professional.activesync).toBeUndefined();
    expect(professional.chat).toEqual(["enterprise"]);
    expect(planLockedFields("qboxmail_domain", { plan: "enterprise" })).toEqual({});
    // A plan never read, or another kind: nothing to judge by.
    expect(planLockedFields("qboxmail_domain", {})).toEqual({});
    expect(planLockedFields("grommunio_domain", { plan: "basic" })).toEqual({});
    // The change form's switches among them are greyed out with the plans that offer them.
    const onForm = changeFields("qboxmail_domain").map((f) => f.name);
    expect(onForm.filter((name) => name in basic).sort()).toEqual(["calendar", "chat", "dav", "meeting"]);
  });

  it("grommunio kinds have no password form", () => {
    expect(passwordChangeFields("grommunio_domain")).toEqual([]);
    expect(passwordChangeFields("grommunio_server")).toEqual([]);
  });

  it("a policy setting set to 'Not set' leaves the domain's own policy instead of being dropped", () => {
    const fd = new FormData();
    fd.set(SHOWN_FIELD, JSON.stringify({ "syncPolicy.allowbluetooth": "0", "syncPolicy.maxattsize": "1024" }));
    fd.set("syncPolicy.allowbluetooth", "");
    fd.set("syncPolicy.maxattsize", "");
    const form = changeRequestFromForm("s", "change", fd).form;
    const sent = typeof form === "function" ? form("grommunio_domain") : undefined;
    // Bluetooth taken out (null: the provider's value applies); an emptied attachment size means no limit.
    expect(CHANGE_SCHEMAS.grommunio_domain.parse(sent)).toEqual({
      syncPolicy: { allowbluetooth: null, maxattsize: "" },
    });
    // A policy with nothing in it is no change: refused with the usual message, never an empty order.
    const empty = CHANGE_SCHEMAS.grommunio_domain.safeParse({ syncPolicy: {} });
    expect(empty.error?.issues.map((i) => i.message)).toEqual(["Change at least one setting"]);
  });

  it("a policy key taken out is sent as the rest of the domain's policy, and read back as applied once it is gone", () => {
    const set = CHANGE_SCHEMAS.grommunio_domain.parse({ syncPolicy: { allowbluetooth: null, allowwifi: "0" } });
    expect(set).toEqual({ syncPolicy: { allowbluetooth: null, allowwifi: 0 } });
    const own = { syncPolicy: { allowbluetooth: 0, devpwenabled: 1 } };
    expect(withWholeSyncPolicy("grommunio_domain", { set }, own).set).toEqual({
      syncPolicy: { devpwenabled: 1, allowwifi: 0 },
    });
    // Nothing left: the domain has no policy of its own any more.
    const last = { set: { syncPolicy: { allowbluetooth: null } } };
    expect(withWholeSyncPolicy("grommunio_domain", last, { syncPolicy: { allowbluetooth: 0 } }).set).toEqual({
      syncPolicy: null,
    });
    const read = (syncPolicy: unknown) => ({ found: true as const, data: { syncPolicy } });
    expect(judgeApplied("grommunio_domain", "change", last, read(null))).toBe("applied");
    expect(judgeApplied("grommunio_domain", "change", last, read({ devpwenabled: 1 }))).toBe("applied");
    expect(judgeApplied("grommunio_domain", "change", last, read({ allowbluetooth: 0 }))).toBe("pending");
    expect(judgeApplied("grommunio_domain", "change", { set }, read({ allowwifi: 0, devpwenabled: 1 }))).toBe(
      "applied",
    );
  });

  it("the policy form shows only the keys the domain's policy holds, so a key can be set to its default or taken out", () => {
    const fields = policySections().flatMap((s) => s.fields);
    // Wi-Fi held off, the camera not held (grommunio's default, 1, would apply).
    const shown = shownValues(fields, shownSettings("grommunio_domain", { syncPolicy: { allowwifi: 0 } }));
    expect(shown).toMatchObject({
      "syncPolicy.allowwifi": "0",
      "syncPolicy.allowcam": "",
      "syncPolicy.maxattsize": "",
    });
    expect(shownValues(fields, shownSettings("grommunio_domain", { syncPolicy: null }))["syncPolicy.allowcam"]).toBe(
      "",
    );
    // An on/off setting is a choice of Yes and No, with "Not set" above them, not a switch.
    expect(fields.find((f) => f.name === "syncPolicy.allowcam")).toMatchObject({ input: "select", yesNo: true });
    const fd = new FormData();
    fd.set(SHOWN_FIELD, JSON.stringify(shown));
    for (const [name, value] of Object.entries(shown)) fd.set(name, value);
    // The camera pinned at its default value, Wi-Fi set back to "Not set"; the rest left as shown.
    fd.set("syncPolicy.allowcam", "1");
    fd.set("syncPolicy.allowwifi", "");
    const form = changeRequestFromForm("s", "change", fd).form;
    const sent = typeof form === "function" ? form("grommunio_domain") : undefined;
    expect(CHANGE_SCHEMAS.grommunio_domain.parse(sent)).toEqual({ syncPolicy: { allowcam: 1, allowwifi: null } });
  });

  it("the settings version (the API's ETag) tells a policy key not set from one set to its default", () => {
    const version = (syncPolicy: unknown) => settingsVersion("grommunio_domain", { maxUser: 10, syncPolicy });
    // Wi-Fi's default is 1: set so elsewhere, a client's If-Match read before must no longer match.
    expect(version({ allowwifi: 1 })).not.toBe(version(null));
    expect(version({})).toBe(version(null));
    expect(version({ allowwifi: 1 })).toBe(version({ allowwifi: 1 }));
  });

  it("the grommunio policy form covers the policy the change accepts", () => {
    expect(changeableFields("grommunio_domain").has("syncPolicy")).toBe(true);
    const names = policySections().flatMap((s) => s.fields.map((f) => f.name));
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) expect(name.startsWith("syncPolicy.")).toBe(true);
  });
});
