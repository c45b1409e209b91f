// Calls the /api/v1 route handlers in-process, exactly as Next.js would (a Request in, a
// Response out), and checks every answer against the OpenAPI document: a status the document
// does not list for the operation, or a body its schema rejects, fails the test that made the call.
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { apiDocument } from "@/lib/api/openapi";
import { apiDir, type HTTP_METHODS, routeFiles } from "../support/api-routes";

const doc = apiDocument() as unknown as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components: object;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema({ $id: "doc.json", components: doc.components } as object);

function matchTemplate(pathname: string): { template: string; params: Record<string, string> } | undefined {
  for (const { template } of routeFiles()) {
    const names: string[] = [];
    const re = new RegExp(
      `^${template.replace(/\{(\w+)\}/g, (_m, n: string) => {
        names.push(n);
        return "([^/]+)";
      })}$`,
    );
    const m = pathname.match(re);
    if (m) return { template, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return undefined;
}

export type ApiAnswer = {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked against the document, then read freely
  body: any;
};

export async function callApi(
  method: (typeof HTTP_METHODS)[number],
  pathAndQuery: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const url = new URL(`http://127.0.0.1/api/v1${pathAndQuery}`);
  const route = matchTemplate(url.pathname.replace(/^\/api\/v1/, ""));
  if (!route) throw new Error(`no route file for ${url.pathname}`);
  const mod = (await import(path.join(apiDir, route.template.replace(/\{(\w+)\}/g, "[$1]"), "route.ts"))) as Record<
    string,
    (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>
  >;
  const handler = mod[method];
  if (!handler) throw new Error(`${method} ${route.template} is not exported`);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["content-type"] ??= "application/json";
  const res = await handler(
    new Request(url, {
      method,
      headers,
      body:
        opts.body === undefined
          ? undefined
          : typeof opts.body === "string"
            ? opts.body
            : opts.body instanceof Uint8Array
              ? new Blob([opts.body as Uint8Array<ArrayBuffer>])
              : JSON.stringify(opts.body),
    }),
    { params: Promise.resolve(route.params) },
  );
  const text = await res.text();
  const body = text ? JSON.parse(text) : {};
  checkAgainstDocument(method, route.template, res, body);
  return { status: res.status, headers: res.headers, body };
}

function checkAgainstDocument(method: string, template: string, res: Response, body: unknown) {
  const op = doc.paths[template]?.[method.toLowerCase()];
  expect(op, `${method} ${template} is missing from the OpenAPI document`).toBeDefined();
  const described = op!.responses[String(res.status)];
  expect(described, `${method} ${template} answered ${res.status}, which the document does not list`).toBeDefined();
  const type = (res.headers.get("content-type") ?? "").split(";")[0]!;
  const media = described!.content?.[type];
  expect(media, `${method} ${template} ${res.status} answered ${type}, which the document does not list`).toBeDefined();
  const check = ajv.compile(rebase(media!.schema));
  const valid = check(body);
  expect(valid, `${method} ${template} ${res.status}: ${ajv.errorsText(check.errors)}`).toBe(true);
  for (const h of ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"])
    expect(res.headers.get(h), `${method} ${template} ${res.status} lacks ${h}`).not.toBeNull();
}

/** Points the document's local $refs ("#/components/…") at the registered "doc.json". */
function rebase(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc.json#/components/'));
}
