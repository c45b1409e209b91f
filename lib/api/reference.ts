// The OpenAPI document as the reseller's API reference page reads it: every operation in the
// order the document declares it, with its parameters, bodies and answers, and the named schemas. The document's types
// allow a reference wherever an object may stand; a reference is shown by the name it points to.
import type { oas32 } from "zod-openapi";
import { apiDocumentCached } from "./openapi";

export type ReferenceSchema = oas32.SchemaObject | oas32.ReferenceObject;
type Content = { type: string; schema: ReferenceSchema | undefined };

export type ReferenceOperation = {
  path: string;
  /** Upper case, as written in a request line. */
  method: string;
  summary?: string;
  description?: string;
  parameters: { name: string; in: string; required: boolean; description?: string }[];
  body: Content[];
  responses: { status: string; description: string; content: Content[] }[];
};

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"] as const;
const isMethod = (key: string): key is (typeof METHODS)[number] => (METHODS as readonly string[]).includes(key);

function isReference(value: unknown): value is oas32.ReferenceObject {
  return typeof value === "object" && value !== null && "$ref" in value;
}

/** The name a `$ref` schema points to; null for a schema written out in place. */
export function schemaRefName(schema: ReferenceSchema | undefined): string | null {
  return isReference(schema) ? (schema.$ref.split("/").pop() ?? schema.$ref) : null;
}

function contentOf(content: oas32.ContentObject | undefined): Content[] {
  return Object.entries(content ?? {}).map(([type, media]) => ({
    type,
    schema: isReference(media) ? media : media.schema,
  }));
}

function operationOf(path: string, method: string, op: oas32.OperationObject): ReferenceOperation {
  const parameters = (op.parameters ?? []).flatMap((p) =>
    isReference(p) ? [] : [{ name: p.name, in: p.in, required: p.required === true, description: p.description }],
  );
  const body = op.requestBody && !isReference(op.requestBody) ? contentOf(op.requestBody.content) : [];
  const responses = Object.entries(op.responses ?? {}).flatMap(
    ([status, answer]: [string, oas32.ResponseObject | oas32.ReferenceObject]) =>
      isReference(answer)
        ? []
        : [{ status, description: answer.description ?? "", content: contentOf(answer.content) }],
  );
  return {
    path,
    method: method.toUpperCase(),
    summary: op.summary,
    description: op.description,
    parameters,
    body,
    responses,
  };
}

export function apiReference() {
  const doc = apiDocumentCached();
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    // In the document's order, which is the order the operations were declared in.
    Object.keys(item)
      .filter(isMethod)
      .flatMap((method) => {
        const op = item[method];
        return op ? [operationOf(path, method, op)] : [];
      }),
  );
  return {
    description: doc.info.description ?? "",
    operations,
    schemas: Object.entries(doc.components?.schemas ?? {}),
  };
}
