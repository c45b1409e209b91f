// The OpenAPI document lists every route the API serves, and nothing it does not serve.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiDocument } from "@/lib/api/openapi";
import { HTTP_METHODS, routeFiles } from "../support/api-routes";

const doc = apiDocument() as unknown as { openapi: string; paths: Record<string, Record<string, unknown>> };

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with the problem schema as a component", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(JSON.stringify(doc)).toContain('"Problem"');
  });

  it("describes every method of every route file under app/api/v1, and no route that does not exist", async () => {
    const served = new Set<string>();
    for (const { template, file } of routeFiles()) {
      if (template === "/openapi.json") continue; // the document itself
      const mod = (await import(path.resolve(file))) as Record<string, unknown>;
      for (const m of HTTP_METHODS) if (typeof mod[m] === "function") served.add(`${m} ${template}`);
    }
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
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
});
