// grommunio domain order schema (docs/upstream/grommunio.md §5) and the exact request it produces.
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { localizeMessage } from "@/lib/i18n/validation";
import { orderKinds, parseOrderForm, prepareStoredPayload } from "@/lib/orders/schemas";
import de from "@/messages/de.json";
import type en from "@/messages/en.json";
import it_ from "@/messages/it.json";
import { upstreamRequestFor } from "../support/upstream-request";

const def = orderKinds.grommunio_domain;

// The seed's request body, verbatim except the two placeholders that are not valid values
// ("example" is not a domain name, "example" is not a date).
const SEED_POLICY = {
  allowbluetooth: 0,
  allowbrowser: 0,
  allowcam: 0,
  allowconsumeremail: 0,
  allowdesktopsync: 0,
  allowhtmlemail: 0,
  allowinternetsharing: 0,
  allowirda: 0,
  allowpopimapemail: 0,
  allowremotedesk: 0,
  allowsimpledevpw: 0,
  allowsmimeencalgneg: 0,
  allowsmimesoftcerts: 0,
  allowstoragecard: 0,
  allowtextmessaging: 0,
  allowunsignedapps: 0,
  allowunsigninstallpacks: 0,
  allowwifi: 0,
  alphanumpwreq: 0,
  approvedapplist: [],
  attenabled: 0,
  devencenabled: 0,
  devpwenabled: 0,
  devpwexpiration: 0,
  devpwhistory: 0,
  maxattsize: "",
  maxcalagefilter: 0,
  maxdevpwfailedattempts: 8,
  maxemailagefilter: 0,
  maxemailbodytruncsize: -1,
  maxemailhtmlbodytruncsize: -1,
  maxinacttimedevlock: 900,
  mindevcomplexchars: 3,
  mindevpwlenngth: 4,
  pwrecoveryenabled: 0,
  reqdevenc: 0,
  reqencsmimealgorithm: 0,
  reqencsmimemessages: 0,
  reqmansyncroam: 0,
  reqsignedsmimealgorithm: 0,
  reqsignedsmimemessages: 0,
  reqstoragecardenc: 0,
  unapprovedinromapplist: [],
};
const SEED_BODY = {
  orgID: 0,
  domainname: "example.com",
  maxUser: 1,
  title: "",
  address: "",
  adminName: "",
  tel: "",
  endDay: "2030-12-31",
  domainStatus: 0,
  syncPolicy: SEED_POLICY,
  chat: true,
  homeserver: 1,
};

function accept(form: Record<string, unknown>) {
  const r = parseOrderForm("grommunio_domain", form);
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  return r;
}
function errors(form: Record<string, unknown>) {
  const r = parseOrderForm("grommunio_domain", { domainname: "example.com", maxUser: 5, ...form });
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.payload)}`);
  return r.fieldErrors;
}

describe("grommunio_domain: request", () => {
  it("reproduces the seed's request; empty texts are left to the upstream's \"\" default", () => {
    const r = accept({ ...SEED_BODY, createRole: false });
    // orgID is not a form field: placeOrder() writes the admin's per-reseller value into the payload.
    expect(r.payload).not.toHaveProperty("orgID");
    const payload = { ...r.payload, orgID: SEED_BODY.orgID };
    const { title: _t, address: _a, adminName: _n, tel: _tel, ...expected } = SEED_BODY;
    expect(upstreamRequestFor("grommunio_domain", payload, r.secrets)).toEqual({
      body: expected,
      query: { createRole: "false" },
    });
  });

  it("sends the IDNA form of the name and the createRole query", () => {
    const r = accept({
      domainname: "münchen.de",
      maxUser: "25",
      createRole: "on",
      title: "Stadtwerke",
      tel: "+49 89 1",
      homeserver: "3",
    });
    expect(upstreamRequestFor("grommunio_domain", r.payload, {})).toEqual({
      body: { domainname: "xn--mnchen-3ya.de", maxUser: 25, title: "Stadtwerke", tel: "+49 89 1", homeserver: 3 },
      query: { createRole: "true" },
    });
    expect(def.naturalKey(r.payload)).toBe("xn--mnchen-3ya.de");
    expect(def.displayName(r.payload)).toBe("münchen.de");
  });

  it("lower-cases the natural key but sends ASCII capitals as typed", () => {
    const r = accept({ domainname: "Example.COM", maxUser: 1 });
    expect(r.payload.domainname).toBe("Example.COM");
    expect(def.naturalKey(r.payload)).toBe("example.com");
  });

  it("never sends an empty home server (grommunio's automatic placement) nor the portal's server order id", () => {
    // The form may leave it empty (placeOrder fills it in or refuses); a stored order without
    // one is not sent: grommunio would place it on any of its servers, another reseller's too.
    for (const homeserver of [null, undefined]) {
      const stored = accept({ domainname: "a.de", maxUser: 1, homeserver }).payload;
      expect(prepareStoredPayload("grommunio_domain", stored, () => undefined)).toEqual({
        ready: false,
        reason: "invalid",
      });
    }
    const orderId = "0b6f7c1e-8f3a-4c2e-9d1b-2a3c4d5e6f70";
    const r = accept({ domainname: "a.de", maxUser: 1, homeserverOrderId: orderId });
    // The worker waits while the server order has no upstream ID, then sends that ID.
    expect(prepareStoredPayload("grommunio_domain", r.payload, () => undefined)).toEqual({
      ready: false,
      reason: "waiting",
    });
    const prepared = prepareStoredPayload("grommunio_domain", r.payload, (id) => (id === orderId ? 7 : undefined));
    if (!prepared.ready) throw new Error(`not ready: ${prepared.reason}`);
    expect(prepared.request({}).body).toEqual({ domainname: "a.de", maxUser: 1, homeserver: 7 });
  });
});

describe("grommunio_domain: rules", () => {
  it("checks the name after IDNA encoding", () => {
    expect(errors({ domainname: "München.de" }).domainname?.[0]).toMatch(/lower case/);
    expect(errors({ domainname: "-bad.com" }).domainname).toBeDefined();
    expect(errors({ domainname: "ex..com" }).domainname).toBeDefined();
    expect(errors({ domainname: `${"a".repeat(61)}.com` }).domainname?.[0]).toMatch(/at most 64/);
    expect(errors({ domainname: undefined }).domainname).toEqual(["Enter the domain name"]);
  });

  it("names the 64 characters grommunio allows for an over-long name, not a looser limit", () => {
    const tooLong = [
      "Too long: use at most 64 characters, counted once encoded (the xn-- form of an accented name is longer)",
    ];
    const labels = (n: number) => Array.from({ length: n }, () => "abcdefghij").join(".");
    // 265 and 200 characters, each part under 63: told 64 at once, not 255 and then 64.
    expect(errors({ domainname: `${labels(24)}.com` }).domainname).toEqual(tooLong);
    expect(errors({ domainname: `${labels(18)}.com` }).domainname).toEqual(tooLong);
    expect(errors({ domainname: `${"ü".repeat(70)}.de` }).domainname).toEqual(tooLong);
    // 64 characters is taken; a Unicode name that fits typed but not encoded is told its encoded length.
    expect(accept({ domainname: `${"a".repeat(60)}.com`, maxUser: 1 }).payload.domainname).toHaveLength(64);
    expect(errors({ domainname: `${"ü".repeat(29)}.${"ü".repeat(29)}.de` }).domainname?.[0]).toMatch(
      /^Too long: at most 64 characters once encoded \(xn--.* has \d+\)$/,
    );
    // Counted as composed: "é" typed as e + combining accent is one character (65 typed, 55 composed).
    expect(accept({ domainname: `${"a".repeat(42)}${"e\u0301".repeat(10)}.de`, maxUser: 1 }).ok).toBe(true);
    const [message = ""] = errors({ domainname: `${labels(24)}.com` }).domainname ?? [];
    const say = (locale: string, messages: typeof en) =>
      localizeMessage(message, createTranslator({ locale, messages, namespace: "validation" }));
    expect(say("it", it_ as typeof en)).toMatch(
      /^Troppo lungo: usi al massimo 64 caratteri, contati una volta codificato/,
    );
    expect(say("de", de as typeof en)).toMatch(
      /^Zu lang: Verwenden Sie höchstens 64 Zeichen, gezählt nach der Kodierung/,
    );
  });

  it("requires maxUser as a whole number from 0 to 4294967295", () => {
    expect(errors({ maxUser: undefined }).maxUser).toEqual(["Enter the maximum number of users"]);
    expect(errors({ maxUser: "" }).maxUser).toEqual(["Enter the maximum number of users"]);
    expect(errors({ maxUser: -1 }).maxUser?.[0]).toMatch(/0 to 4294967295/);
    expect(errors({ maxUser: 4294967296 }).maxUser).toBeDefined();
    expect(errors({ maxUser: 2.5 }).maxUser).toBeDefined();
    expect(accept({ domainname: "a.de", maxUser: 0 }).payload.maxUser).toBe(0);
    expect(accept({ domainname: "a.de", maxUser: 4294967295 }).payload.maxUser).toBe(4294967295);
  });

  it("accepts only real calendar dates as endDay", () => {
    expect(errors({ endDay: "2025-02-30" }).endDay?.[0]).toMatch(/real date/);
    expect(errors({ endDay: "2023-02-29" }).endDay).toBeDefined();
    expect(errors({ endDay: "2030-1-1" }).endDay).toBeDefined();
    expect(errors({ endDay: "2030-12-311" }).endDay).toEqual(["Enter a real date as YYYY-MM-DD, such as 2030-12-31"]);
    expect(errors({ endDay: "0999-12-31" }).endDay).toBeDefined();
    expect(accept({ domainname: "a.de", maxUser: 1, endDay: "2024-02-29" }).payload.endDay).toBe("2024-02-29");
  });

  it("offers a new domain only the states it can start in; stored orders keep all four", () => {
    expect(errors({ domainStatus: 2 }).domainStatus).toEqual(["A new domain starts as normal (0) or suspended (1)"]);
    expect(errors({ domainStatus: 3 }).domainStatus).toBeDefined();
    expect(accept({ domainname: "a.de", maxUser: 1, domainStatus: 1 }).payload.domainStatus).toBe(1);
    // grommunio commits the domain, then cannot turn chat on for one that is not active (a 500).
    expect(errors({ domainStatus: 1, chat: true }).chat?.[0]).toMatch(/starts active/);
    expect(accept({ domainname: "a.de", maxUser: 1, domainStatus: 0, chat: true }).payload.chat).toBe(true);
    const options = def.fieldSections.flatMap((s) => s.fields).find((f) => f.name === "domainStatus")?.options;
    expect(options?.map((o) => o.value)).toEqual([0, 1]);
    expect(
      def.payloadSchema.safeParse({ domainname: "a.de", maxUser: 1, domainStatus: 3, homeserver: 1 }).success,
    ).toBe(true);
  });

  it("checks status and text lengths in characters", () => {
    expect(errors({ domainStatus: 4 }).domainStatus?.[0]).toMatch(/normal \(0\) or suspended \(1\)/);
    expect(errors({ title: "x".repeat(129) }).title).toEqual(["Use at most 128 characters"]);
    expect(errors({ address: "x".repeat(129) }).address).toBeDefined();
    expect(errors({ adminName: "x".repeat(33) }).adminName).toEqual(["Use at most 32 characters"]);
    expect(errors({ tel: "1".repeat(65) }).tel).toBeDefined();
    expect(def.payloadSchema.safeParse({ domainname: "a.de", maxUser: 1, orgID: -1 }).success).toBe(false);
    expect(errors({ title: 5 }).title).toEqual(["Enter text for the title"]);
    expect(accept({ domainname: "a.de", maxUser: 1, title: null, tel: "" }).payload).toEqual({
      domainname: "a.de",
      maxUser: 1,
    });
    expect(accept({ domainname: "a.de", maxUser: 1, title: "ü".repeat(128), adminName: "é".repeat(32) }).ok).toBe(true);
  });

  it("takes a homeserver from 1 to 255, or a server order, not both", () => {
    expect(errors({ homeserver: 0 }).homeserver).toBeDefined();
    expect(errors({ homeserver: 256 }).homeserver).toBeDefined();
    expect(errors({ homeserverOrderId: "not-a-uuid" }).homeserverOrderId).toBeDefined();
    expect(
      errors({ homeserver: 3, homeserverOrderId: "0b6f7c1e-8f3a-4c2e-9d1b-2a3c4d5e6f70" }).homeserverOrderId?.[0],
    ).toMatch(/not both/);
    expect(accept({ domainname: "a.de", maxUser: 1, homeserver: "255" }).payload.homeserver).toBe(255);
    expect(accept({ domainname: "a.de", maxUser: 1, homeserver: "" }).payload).not.toHaveProperty("homeserver");
  });
});
