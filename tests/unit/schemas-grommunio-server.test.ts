// grommunio server order schema (docs/upstream/grommunio.md §4).
import { describe, expect, it } from "vitest";
import { orderKinds, parseOrderForm } from "@/lib/orders/schemas";
import { upstreamRequestFor } from "../support/upstream-request";

const def = orderKinds.grommunio_server;
const errors = (form: Record<string, unknown>) => {
  const r = parseOrderForm("grommunio_server", form);
  if (r.ok) throw new Error("accepted");
  return r.fieldErrors;
};

describe("grommunio_server", () => {
  it("builds the seed's body exactly", () => {
    const r = parseOrderForm("grommunio_server", { hostname: "example", extname: "example" });
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    expect(upstreamRequestFor("grommunio_server", r.payload, r.secrets)).toEqual({
      body: { hostname: "example", extname: "example" },
    });
    expect(r.secrets).toEqual({});
  });

  it("uses the lower-cased hostname as the natural key (unique case-insensitively upstream)", () => {
    const r = parseOrderForm("grommunio_server", { hostname: " MX1.Example.com ", extname: "mail.example.com" });
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    expect(r.payload.hostname).toBe("MX1.Example.com");
    expect(def.naturalKey(r.payload)).toBe("mx1.example.com");
  });

  it("refuses an IP address as the external address: the domains' MX and CNAME records point at it", () => {
    for (const extname of ["192.0.2.25", "2001:db8::25", "mail.10"])
      expect(errors({ hostname: "mx1.example.com", extname }).extname?.[0], extname).toMatch(/not an IP address/);
    expect(parseOrderForm("grommunio_server", { hostname: "10", extname: "mail.example.com" }).ok).toBe(true);
    expect(parseOrderForm("grommunio_server", { hostname: "mx1", extname: "mail2.example.com" }).ok).toBe(true);
  });

  it("requires both names as ASCII host names of at most 255 characters", () => {
    expect(errors({ extname: "mail.example.com" }).hostname).toEqual(["Enter the server's internal host name"]);
    expect(errors({ hostname: "mx1", extname: "" }).extname).toEqual(["Enter the server's external address"]);
    expect(errors({ hostname: "mx 1", extname: "x" }).hostname?.[0]).toMatch(/no spaces/);
    expect(errors({ hostname: "müx.example.com", extname: "x" }).hostname?.[0]).toMatch(/accented/);
    expect(errors({ hostname: "a_b.example.com", extname: "x" }).hostname).toBeDefined();
    expect(errors({ hostname: "-mx.example.com", extname: "x" }).hostname?.[0]).toMatch(/hyphen/);
    expect(errors({ hostname: "mx..example.com", extname: "x" }).hostname?.[0]).toMatch(/empty part/);
    const long = Array.from({ length: 5 }, () => "a".repeat(60)).join("."); // 304 characters
    expect(errors({ hostname: long, extname: "x" }).hostname).toEqual(["Use at most 255 characters"]);
  });
});
