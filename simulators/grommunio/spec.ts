// grommunio's own OpenAPI 3.0 spec (a copy of upstream/grommunio/openapi.yaml), compiled with
// ajv into validators for requests (as the upstream's openapi-core does before any endpoint runs)
// and responses (so tests can prove the simulator answers what the spec promises).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { parse } from "yaml";

type Node = Record<string, unknown>;
type Mode = "request" | "response";

const SPEC_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "openapi.yaml");
let spec: Node | undefined;
const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();

export function openapiSpec(): Node {
  spec ??= parse(fs.readFileSync(SPEC_FILE, "utf8")) as Node;
  return spec;
}

function resolveRef(ref: string): Node {
  let node: unknown = openapiSpec();
  for (const part of ref.replace(/^#\//, "").split("/"))
    node = (node as Node)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (!node) throw new Error(`unresolvable $ref ${ref}`);
  return node as Node;
}

/**
 * OpenAPI 3.0 schema → plain JSON schema: $refs inlined (OAS 3.0 ignores siblings of $ref),
 * `nullable` turned into a null alternative, and in requests every readOnly property forbidden,
 * as openapi-core does (sending `ID` in a create body is a 400).
 */
function toJsonSchema(schema: unknown, mode: Mode, depth = 0): unknown {
  if (depth > 40 || !schema || typeof schema !== "object") return schema;
  const node = schema as Node;
  if (typeof node.$ref === "string") return toJsonSchema(resolveRef(node.$ref), mode, depth + 1);
  if (mode === "request" && node.readOnly === true) return { not: {} };
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (["nullable", "readOnly", "writeOnly", "example", "description", "default", "deprecated"].includes(key))
      continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(value as Node).map(([k, v]) => [k, toJsonSchema(v, mode, depth + 1)]),
      );
    } else if (key === "items" || key === "additionalProperties" || key === "not") {
      out[key] = toJsonSchema(value, mode, depth + 1);
    } else if (key === "allOf" || key === "anyOf" || key === "oneOf") {
      out[key] = (value as unknown[]).map((v) => toJsonSchema(v, mode, depth + 1));
    } else {
      out[key] = value;
    }
  }
  if (node.nullable === true) return { anyOf: [{ type: "null" }, out] };
  return out;
}

function validator(key: string, schema: () => unknown): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(schema() as object);
    compiled.set(key, fn);
  }
  return fn;
}

function operation(apiPath: string, method: string): Node {
  const op = ((openapiSpec().paths as Node)[apiPath] as Node | undefined)?.[method.toLowerCase()];
  if (!op) throw new Error(`no operation ${method} ${apiPath} in the spec`);
  return op as Node;
}

export type SpecIssue = {
  location: "body" | "query";
  name?: string;
  kind: "CastError" | "InvalidSchemaValue";
  details: ErrorObject[] | string;
};

/** Validates a JSON request body against the operation's request schema. */
export function validateRequestBody(apiPath: string, method: string, body: unknown): SpecIssue[] {
  const op = operation(apiPath, method);
  const schema = ((op.requestBody as Node | undefined)?.content as Node | undefined)?.["application/json"] as
    | Node
    | undefined;
  if (!schema?.schema) return [];
  const fn = validator(`req ${method} ${apiPath}`, () => toJsonSchema(schema.schema, "request"));
  return fn(body) ? [] : [{ location: "body", kind: "InvalidSchemaValue", details: fn.errors ?? [] }];
}

type Param = { name: string; in: string; schema?: Node; explode?: boolean };

// openapi-core casts query strings by schema type; a value it cannot cast is a CastError.
const TRUE = ["y", "yes", "t", "true", "on", "1"];
const FALSE = ["n", "no", "f", "false", "off", "0"];
function cast(raw: string, schema: Node): { ok: true; value: unknown } | { ok: false } {
  const type = schema.type;
  if (type === "integer") return /^[+-]?\d+$/.test(raw.trim()) ? { ok: true, value: Number(raw) } : { ok: false };
  if (type === "number")
    return raw.trim() !== "" && !Number.isNaN(Number(raw)) ? { ok: true, value: Number(raw) } : { ok: false };
  if (type === "boolean") {
    const v = raw.toLowerCase();
    return TRUE.includes(v)
      ? { ok: true, value: true }
      : FALSE.includes(v)
        ? { ok: true, value: false }
        : { ok: false };
  }
  if (type === "array") {
    const items = raw.split(",").map((part) => cast(part, (schema.items as Node) ?? {}));
    return items.every((i) => i.ok)
      ? { ok: true, value: items.map((i) => (i as { value: unknown }).value) }
      : { ok: false };
  }
  return { ok: true, value: raw };
}

/**
 * Validates the query string against the operation's parameters. Unknown parameters are ignored
 * (as upstream does). `emptyMeansUnset` lists parameters whose empty value the endpoint reads
 * itself (grommunio's `limit=` means "no limit").
 */
export function validateQuery(
  apiPath: string,
  method: string,
  query: URLSearchParams,
  emptyMeansUnset: string[] = [],
): SpecIssue[] {
  const pathItem = (openapiSpec().paths as Node)[apiPath] as Node;
  const params = [
    ...((pathItem.parameters as Node[]) ?? []),
    ...((operation(apiPath, method).parameters as Node[]) ?? []),
  ]
    .map((p) => (typeof p.$ref === "string" ? resolveRef(p.$ref) : p) as Param)
    .filter((p) => p.in === "query");
  const issues: SpecIssue[] = [];
  for (const param of params) {
    for (const raw of query.getAll(param.name)) {
      if (raw === "" && emptyMeansUnset.includes(param.name)) continue;
      const schema = toJsonSchema(param.schema ?? {}, "request") as Node;
      const casted = cast(raw, schema);
      if (!casted.ok) {
        issues.push({
          location: "query",
          name: param.name,
          kind: "CastError",
          details: `cannot cast ${JSON.stringify(raw)}`,
        });
        continue;
      }
      const fn = validator(`param ${apiPath} ${method} ${param.name}`, () => schema);
      if (!fn(casted.value))
        issues.push({ location: "query", name: param.name, kind: "InvalidSchemaValue", details: fn.errors ?? [] });
    }
  }
  return issues;
}

/**
 * Parses the spec and compiles the request validators the simulator uses (about a second, mostly
 * YAML parsing), so that cost is paid at start-up and never inside a client's timeout.
 */
export function warmSpec(): void {
  validateRequestBody("/system/domains", "POST", {});
  validateRequestBody("/system/servers", "POST", {});
  for (const [p, m] of [
    ["/system/domains", "GET"],
    ["/system/domains", "POST"],
    ["/system/servers", "GET"],
    ["/system/domains/{domainID}", "GET"],
    ["/system/domains/{domainID}", "DELETE"],
  ] as const) {
    validateQuery(p, m, new URLSearchParams());
  }
}

/** For tests: validates a response body against the spec's schema for that status. */
export function validateResponse(apiPath: string, method: string, status: number, body: unknown): string[] {
  const responses = operation(apiPath, method).responses as Node;
  let response = (responses[String(status)] ?? responses.default) as Node | undefined;
  if (!response) return [`status ${status} is not documented for ${method} ${apiPath}`];
  if (typeof response.$ref === "string") response = resolveRef(response.$ref);
  const schema = ((response.content as Node | undefined)?.["application/json"] as Node | undefined)?.schema;
  if (!schema) return [];
  const fn = validator(`res ${method} ${apiPath} ${status}`, () => toJsonSchema(schema, "response"));
  return fn(body) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
