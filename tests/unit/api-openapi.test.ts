// The OpenAPI document lists every route the API serves, and nothing it does not serve.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiDocument } from "@/lib/api/openapi";
import { apiReference, schemaRefName } from "@/lib/api/reference";
import { HTTP_METHODS, routeFiles } from "../support/api-routes";

const doc = apiDocument();

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with the problem schema as a component", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(JSON.stringify(doc)).toContain('"Problem"');
  });

  it("names the header a repeated Idempotency-Key's answer carries, on both operations that take one", () => {
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
    for (const path of ["/orders", "/services/{id}/changes"])
      expect(Object.keys(paths[path]?.post?.responses["200"]?.headers ?? {}), path).toContain("Idempotent-Replayed");
  });

  it("describes every method of every route file under app/api/v1, and no route that does not exist", async () => {
    const served = new Set<string>();
    for (const { template, file } of routeFiles()) {
      if (template === "/openapi.json") continue; // the document itself
      const mod = (await import(path.resolve(file))) as Record<string, unknown>;
      for (const m of HTTP_METHODS) {
        const handler = mod[m];
        const isOperation = typeof handler === "function" && !(handler as { notAnOperation?: true }).notAnOperation;
        if (isOperation) served.add(`${m} ${template}`);
      }
    }
    // Read through the reference page's own reading of the document, so the page lists them all too.
    const documented = new Set(apiReference().operations.map((o) => `${o.method} ${o.path}`));
    expect(documented.size, "operations on the reference page").toBe(
      Object.values(doc.paths ?? {}).reduce((n, item) => n + Object.keys(item).length, 0),
    );
    expect(served.size).toBeGreaterThan(5);
    expect(
      [...served].filter((r) => !documented.has(r)),
      "served but missing from the document",
    ).toEqual([]);
    expect(
      [...documented].filter((r) => !served.has(r)),
      "documented but not served",
    ).toEqual([]);
    // Importing every route module takes seconds on a loaded machine: a budget, not a speed check.
  }, 60_000);

  it("reads for the reference page with parameters, bodies and answers named by their schemas", () => {
    const reference = apiReference();
    const place = reference.operations.find((o) => o.method === "POST" && o.path === "/orders");
    expect(place?.parameters).toContainEqual(
      expect.objectContaining({ name: "idempotency-key", in: "header", required: true }),
    );
    expect(place?.body.map((b) => [b.type, schemaRefName(b.schema)])).toEqual([["application/json", "PlaceOrder"]]);
    expect(place?.responses.find((r) => r.status === "422")?.description).toMatch(/Field errors/);
    const read = reference.operations.find((o) => o.method === "GET" && o.path === "/orders/{id}");
    expect(read?.responses.find((r) => r.status === "200")?.content.map((c) => schemaRefName(c.schema))).toEqual([
      "Order",
    ]);
    expect(reference.schemas.map(([name]) => name)).toEqual(expect.arrayContaining(["Problem", "OrderSummary"]));
  });

  it("names each 409 of a service change, the delete of a server or domain with open orders, a disable before activation and an unverifiable If-Match among them", () => {
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, { description?: string }> }>>;
    expect(paths["/services/{id}/changes"]?.post?.responses["409"]?.description).toBe(
      "Another change to this service is still running, the service has ended, a delete of a server or domain " +
        "while orders bound for it are open, a suspend of a Qboxmail domain still waiting for its ownership check, " +
        "or `If-Match` cannot be checked now (a change went through since the last reading and the provider does " +
        "not answer: send it again shortly)",
    );
  });

  it("gives a customer's version as an ETag and takes it back as If-Match, with a 412 when it changed", () => {
    type Op = {
      parameters?: Array<{ name: string; in: string; required?: boolean }>;
      responses: Record<string, { headers?: object; description?: string }>;
    };
    const item = (doc.paths as Record<string, Record<string, Op>>)["/customers/{id}"];
    expect(Object.keys(item?.get?.responses["200"]?.headers ?? {})).toContain("ETag");
    expect(Object.keys(item?.put?.responses["200"]?.headers ?? {})).toContain("ETag");
    const ifMatch = item?.put?.parameters?.find((p) => p.name === "if-match" && p.in === "header");
    expect(ifMatch?.required ?? false, "If-Match is optional").toBe(false);
    expect(Object.keys(item?.put?.responses["412"]?.headers ?? {})).toContain("ETag");
    expect(item?.put?.responses["412"]?.description).toMatch(/changed since you read it/);
  });
});
