// The request bodies we build for grommunio, checked against grommunio's own OpenAPI schemas
// through the simulator's validator (the upstream validates every request against them before
// the endpoint runs; read-only attributes are refused), and for the "Unknown attribute" rule
// the endpoint adds on top.
import { describe, expect, it } from "vitest";
import { type OrderKindName, parseOrderForm } from "@/lib/orders/schemas";
import { SYNC_POLICY_FIELDS } from "@/lib/orders/schemas/sync-policy";
import { openapiSpec, validateRequestBody } from "@/simulators/grommunio/spec";
import { upstreamRequestFor } from "../support/upstream-request";

type Props = Record<string, { readOnly?: boolean }>;
const schemas = (openapiSpec().components as { schemas: Record<string, { properties: Props }> }).schemas;
const writable = (props: Props) => Object.keys(props).filter((k) => !props[k]!.readOnly);

function request(kind: OrderKindName, form: Record<string, unknown>) {
  const r = parseOrderForm(kind, form);
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  // orgID is the admin's per-reseller setting that placeOrder() writes into the payload.
  const payload = "orgID" in form ? { ...(r.payload as object), orgID: form.orgID } : r.payload;
  return upstreamRequestFor(kind, payload, r.secrets);
}

// Every field set, each policy key at a non-default edge of its range.
const FULL_POLICY = Object.fromEntries(
  SYNC_POLICY_FIELDS.map((f) => [
    f.key,
    f.rule.type === "enum"
      ? f.rule.values[f.rule.values.length - 1]
      : f.rule.type === "range"
        ? f.rule.max
        : f.rule.type === "list"
          ? ["com.example.app"]
          : f.rule.type === "size" && f.rule.unit === "B"
            ? 10485760
            : 12,
  ]),
);
const FULL_DOMAIN = {
  domainname: "bücher.example",
  maxUser: 100,
  orgID: 3,
  title: "Bücher GmbH",
  address: "Hauptstraße 1",
  adminName: "Anna",
  tel: "+49 30 1234",
  endDay: "2031-06-30",
  domainStatus: 0,
  syncPolicy: FULL_POLICY,
  chat: true,
  homeserver: 2,
  createRole: true,
};

describe("grommunio request bodies match the upstream spec", () => {
  it("a domain order with every field validates against domainWrite", () => {
    const { body, query } = request("grommunio_domain", FULL_DOMAIN);
    expect(validateRequestBody("/system/domains", "POST", body)).toEqual([]);
    // The validator is live: one value out of range fails it.
    expect(
      validateRequestBody("/system/domains", "POST", { ...body, syncPolicy: { ...FULL_POLICY, allowwifi: 2 } }),
    ).not.toEqual([]);
    expect(query).toEqual({ createRole: "true" });
  });

  it("a domain body has only writable domainWrite attributes (the upstream refuses unknown ones)", () => {
    const { body } = request("grommunio_domain", FULL_DOMAIN);
    const allowed = [...writable(schemas.domainCommon!.properties), "homeserver"];
    expect(Object.keys(body).filter((k) => !allowed.includes(k))).toEqual([]);
    expect(Object.keys(body).sort()).toEqual(
      Object.keys(FULL_DOMAIN)
        .filter((k) => k !== "createRole")
        .sort(),
    );
  });

  it("a server order validates against the spec", () => {
    const { body } = request("grommunio_server", { hostname: "mx1.example.com", extname: "mail.example.com" });
    expect(validateRequestBody("/system/servers", "POST", body)).toEqual([]);
    expect(body).toEqual({ hostname: "mx1.example.com", extname: "mail.example.com" });
  });
});
