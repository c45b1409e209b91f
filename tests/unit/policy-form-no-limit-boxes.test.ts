// The "No limit" boxes of a grommunio domain's ActiveSync policy form on the service page.
// A device lock time over 9999 seconds, set at grommunio itself, is "never
// lock" there (docs/order-form.md "No limit is a box, not `-1`"). It is read so (policyAsApplied):
// the service page's policy form starts with the "Never lock" box ticked and no time, and saving
// another setting with the form as shown leaves the lock time out of the change. An attachment
// size the domain's policy does not set is no "No limit" (which grommunio writes as ""): its box
// starts unticked, and ticking it is a change.
import { describe, expect, it } from "vitest";
import { policyAsApplied } from "@/lib/orders/schemas/sync-policy";
import {
  changeRequestFromForm,
  policySections,
  SHOWN_FIELD,
  shownSettings,
  shownValues,
} from "@/lib/services/change-fields";
import { CHANGE_SCHEMAS } from "@/lib/services/change-kinds";
import { inputNamed, grommunioDomainSection as servicePage } from "../support/manage-section-markup";

const LOCK = "syncPolicy.maxinacttimedevlock";

describe("policyAsApplied", () => {
  it("reads a lock time over 9999 seconds as never lock (10000) and leaves everything else as read", () => {
    expect(policyAsApplied({ maxinacttimedevlock: 12_000, allowwifi: 0 })).toEqual({
      maxinacttimedevlock: 10_000,
      allowwifi: 0,
    });
    expect(policyAsApplied({ maxinacttimedevlock: "10001" })).toEqual({ maxinacttimedevlock: 10_000 });
    for (const seconds of [0, 900, 9999, 10_000, "900"])
      expect(policyAsApplied({ maxinacttimedevlock: seconds })).toEqual({ maxinacttimedevlock: seconds });
    // Another time has no such limit: a password expiry of 20000 days is that many days.
    expect(policyAsApplied({ devpwexpiration: 20_000 })).toEqual({ devpwexpiration: 20_000 });
    // What is no number is left for the form to show as it is.
    expect(policyAsApplied({ maxinacttimedevlock: "soon" })).toEqual({ maxinacttimedevlock: "soon" });
    expect(policyAsApplied({})).toEqual({});
  });
});

// As read from grommunio: the domain never locks its devices, written as 12000 seconds.
const settings = {
  domainname: "example.com",
  domainStatus: 0,
  syncPolicy: { maxinacttimedevlock: 12_000, allowwifi: 1 },
};

describe("the service page's policy form for a lock time over 9999 seconds", () => {
  it("starts with 'Never lock' ticked and no time typed", () => {
    const html = servicePage(settings);
    const box = inputNamed(html, `${LOCK}~none`);
    expect(box).toContain('type="checkbox"');
    expect(box).toMatch(/\bchecked=""/);
    // The time beside it is empty and off, as after ticking the box: not "200 minutes".
    const time = inputNamed(html, LOCK);
    expect(time).toMatch(/\bdisabled=""/);
    expect(time).not.toMatch(/value="[^"]/);
    expect(inputNamed(html, `${LOCK}~unit`)).toMatch(/\bdisabled=""/);
  });

  it("sends another setting changed alone, and a time typed over the box as that time", () => {
    const fields = policySections().flatMap((s) => s.fields);
    const shown = shownValues(fields, shownSettings("grommunio_domain", settings));
    expect(shown[LOCK]).toBe("10000");
    // What the browser posts for the form as shown: every value as shown, the ticked box, no time
    // (a disabled input is not sent), and what the person changed.
    const posted = (changed: Record<string, string>, boxTicked: boolean) => {
      const fd = new FormData();
      fd.set("idempotencyKey", "k");
      fd.set(SHOWN_FIELD, JSON.stringify(shown));
      for (const [name, value] of Object.entries(shown)) if (name !== LOCK) fd.set(name, value);
      if (boxTicked) fd.set(`${LOCK}~none`, "true");
      for (const [name, value] of Object.entries(changed)) fd.set(name, value);
      return changeRequestFromForm("s", "change", fd);
    };
    const sent = (r: ReturnType<typeof posted>) =>
      CHANGE_SCHEMAS.grommunio_domain.parse(typeof r.form === "function" ? r.form("grommunio_domain") : undefined);

    const wifiOff = posted({ "syncPolicy.allowwifi": "0" }, true);
    expect(sent(wifiOff)).toEqual({ syncPolicy: { allowwifi: 0 } });
    // Nor does grommunio's unchanged 12000 count as changed since the form was shown.
    expect(wifiOff.changedSince?.("grommunio_domain", settings)).toEqual([]);

    // The box unticked and 15 minutes typed: that time is the change, and not a stale one.
    const fifteen = posted({ [LOCK]: "15", [`${LOCK}~unit`]: "min" }, false);
    expect(sent(fifteen)).toEqual({ syncPolicy: { maxinacttimedevlock: 900 } });
    expect(fifteen.changedSince?.("grommunio_domain", settings)).toEqual([]);
  });
});

describe("the policy form's attachment size, whose 'No limit' is written as an empty text", () => {
  const SIZE = "syncPolicy.maxattsize";
  const notSet = { domainname: "example.com", domainStatus: 0, syncPolicy: { allowwifi: 1 } };
  const noLimit = { ...notSet, syncPolicy: { allowwifi: 1, maxattsize: "" } };

  it("starts unticked when the domain's policy does not set it, and ticked when it sets no limit", () => {
    expect(inputNamed(servicePage(notSet), `${SIZE}~none`)).not.toMatch(/\bchecked=""/);
    expect(inputNamed(servicePage(noLimit), `${SIZE}~none`)).toMatch(/\bchecked=""/);
  });

  it("sends 'No limit' ticked over a size not set, and nothing for a 'No limit' left as shown", () => {
    const posted = (settings: Record<string, unknown>) => {
      const fields = policySections().flatMap((s) => s.fields);
      const shown = shownValues(fields, shownSettings("grommunio_domain", settings));
      const fd = new FormData();
      fd.set("idempotencyKey", "k");
      fd.set(SHOWN_FIELD, JSON.stringify(shown));
      for (const [name, value] of Object.entries(shown)) if (name !== SIZE) fd.set(name, value);
      fd.set(`${SIZE}~none`, "true");
      const r = changeRequestFromForm("s", "change", fd);
      return typeof r.form === "function" ? r.form("grommunio_domain") : undefined;
    };
    expect(posted(notSet)).toEqual({ syncPolicy: { maxattsize: "" } });
    expect(posted(noLimit)).toEqual({});
  });
});
