// The 43 syncPolicy keys against grommunio's own spec: same keys, same enumerations, ranges and
// defaults, read from openapi.yaml with the yaml package.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseOrderForm } from "@/lib/orders/schemas";
import { grommunioDomainSections } from "@/lib/orders/schemas/grommunio-domain-fields";
import { SYNC_POLICY_DEFAULTS, SYNC_POLICY_FIELDS } from "@/lib/orders/schemas/sync-policy";

// The repo's copy of upstream/grommunio/openapi.yaml (the simulator validates requests with it).
const spec = parse(
  fs.readFileSync(path.resolve(import.meta.dirname, "../../simulators/grommunio/openapi.yaml"), "utf8"),
);
type Prop = {
  type?: string;
  enum?: number[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  oneOf?: unknown[];
  maxLength?: number;
};
const specPolicy: Record<string, Prop> = spec.components.schemas.syncPolicy.properties;

const NARROWED: Record<string, unknown> = {
  devpwexpiration: { type: "duration", unit: "d", never: 0 },
  devpwhistory: { type: "count" },
  // The spec: "(>9999=unlimited)"; a typed time stops at 9999, the "never" box sends 10000.
  maxinacttimedevlock: { type: "duration", unit: "s", max: 9999, never: 10000 },
  maxemailbodytruncsize: { type: "size", unit: "KB", unlimited: -1 },
  maxemailhtmlbodytruncsize: { type: "size", unit: "KB", unlimited: -1 },
  reqstoragecardenc: { type: "enum", values: [0, 1], labels: ["No", "Yes"] },
};

function policyErrors(policy: Record<string, unknown>) {
  const r = parseOrderForm("grommunio_domain", { domainname: "example.com", maxUser: 1, syncPolicy: policy });
  return r.ok ? {} : r.fieldErrors;
}

describe("syncPolicy mirrors the spec", () => {
  it("has exactly the spec's 43 keys", () => {
    const keys = SYNC_POLICY_FIELDS.map((f) => f.key);
    expect(keys).toHaveLength(43);
    expect(keys.sort()).toEqual(Object.keys(specPolicy).sort());
  });

  it("has the spec's enumerations, ranges and defaults for every key", () => {
    for (const field of SYNC_POLICY_FIELDS) {
      const prop = specPolicy[field.key]!;
      const rule = field.rule;
      if (prop.enum) expect(rule, field.key).toMatchObject({ type: "enum", values: prop.enum });
      else if (prop.minimum !== undefined)
        expect(rule, field.key).toEqual({ type: "range", min: prop.minimum, max: prop.maximum });
      else if (prop.type === "array") expect(rule.type, field.key).toBe("list");
      else if (prop.oneOf) expect(rule, field.key).toEqual({ type: "size", unit: "B", unlimited: "" });
      // "Any integer" in the spec, narrowed as the spec's own description says (docs/order-form.md).
      else expect(NARROWED[field.key], field.key).toEqual(rule);
      const specDefault = prop.default ?? (prop.oneOf as Prop[] | undefined)?.[0]?.default;
      expect(field.default, field.key).toEqual(specDefault);
    }
  });

  it("keeps the domainWrite text limits of the spec on the form fields", () => {
    const common: Record<string, Prop> = spec.components.schemas.domainCommon.properties;
    const fields = grommunioDomainSections.flatMap((s) => s.fields);
    for (const name of ["domainname", "title", "address", "adminName", "tel"]) {
      expect(fields.find((f) => f.name === name)?.maxLength, name).toBe(common[name]!.maxLength);
    }
  });
});

describe("syncPolicy validation", () => {
  it("accepts the spec's defaults (the form's starting values)", () => {
    expect(policyErrors(SYNC_POLICY_DEFAULTS)).toEqual({});
  });

  it("rejects every value just outside each key's range, on that key's field", () => {
    for (const field of SYNC_POLICY_FIELDS) {
      const rule = field.rule;
      const bad =
        rule.type === "enum"
          ? [Math.max(...rule.values) + 1, -1, ...(rule.values.includes(3) ? [] : [3])]
          : rule.type === "range"
            ? [rule.min - 1, rule.max + 1]
            : rule.type === "count" || rule.type === "duration"
              ? [1.5, "x", -1]
              : rule.type === "size"
                ? ["big", 2.5, -2]
                : [[1], "x".repeat(256)];
      for (const value of bad) {
        expect(policyErrors({ [field.key]: value }), `${field.key}=${JSON.stringify(value)}`).toHaveProperty([
          `syncPolicy.${field.key}`,
        ]);
      }
    }
  });

  it("accepts the edges of each range", () => {
    const edges = {
      maxdevpwfailedattempts: [4, 16],
      mindevcomplexchars: [1, 4],
      mindevpwlenngth: [1, 16],
      maxcalagefilter: [0, 7],
      reqencsmimealgorithm: [0, 4],
    };
    for (const [key, values] of Object.entries(edges)) {
      for (const v of values) expect(policyErrors({ [key]: v }), `${key}=${v}`).toEqual({});
    }
    expect(policyErrors({ maxattsize: 10485760, maxemailbodytruncsize: -1, maxinacttimedevlock: 10000 })).toEqual({});
  });

  it("refuses negative times and counts, and negative sizes other than the upstream's -1 = unlimited", () => {
    expect(policyErrors({ maxinacttimedevlock: -60 })["syncPolicy.maxinacttimedevlock"]?.[0]).toMatch(
      /cannot be negative/,
    );
    expect(policyErrors({ devpwexpiration: -1 })["syncPolicy.devpwexpiration"]?.[0]).toMatch(/days of 0 or more/);
    expect(policyErrors({ devpwhistory: -3 })).toHaveProperty(["syncPolicy.devpwhistory"]);
    expect(policyErrors({ maxattsize: -1 })).toHaveProperty(["syncPolicy.maxattsize"]);
    expect(policyErrors({ maxemailbodytruncsize: -5 })).toHaveProperty(["syncPolicy.maxemailbodytruncsize"]);
    expect(policyErrors({ maxemailbodytruncsize: -1, maxemailhtmlbodytruncsize: 0, devpwexpiration: 0 })).toEqual({});
  });

  it("refuses unknown keys, so a typo is not stored as a silent override", () => {
    expect(policyErrors({ mindevpwlength: 4 }).syncPolicy?.[0]).toMatch(/Unknown policy setting: mindevpwlength/);
  });

  it("turns FormData values into the upstream's integers", () => {
    const r = parseOrderForm("grommunio_domain", {
      domainname: "example.com",
      maxUser: 1,
      syncPolicy: {
        allowwifi: "on",
        allowcam: false,
        allowbluetooth: "1",
        maxattsize: "",
        devpwhistory: "5",
        approvedapplist: "app1\nContoso, Inc. Viewer\r\n",
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    expect(r.payload.syncPolicy).toEqual({
      allowwifi: 1,
      allowcam: 0,
      allowbluetooth: 1,
      maxattsize: "",
      devpwhistory: 5,
      // One entry per line: an application's name may hold a comma.
      approvedapplist: ["app1", "Contoso, Inc. Viewer"],
    });
  });
});
