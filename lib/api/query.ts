// Query-string parsing for list endpoints: unknown values are refused with field errors rather
// than silently ignored, so a typo in a filter never returns an unfiltered list.
import type { z } from "zod";
import type { FieldErrors } from "./problem";
import { problem } from "./problem";

const refused = (errors: FieldErrors) =>
  ({ ok: false, res: problem(400, "Correct the query parameters listed in `errors`.", errors) }) as const;

export function queryOf<T extends z.ZodType>(
  request: Request,
  schema: T,
): { ok: true; data: z.output<T> } | { ok: false; res: Response } {
  const search = new URL(request.url).searchParams;
  // A parameter given twice (`?status=a&status=b`) has no one meaning: refused, not the last one taken.
  const repeated = [...new Set(search.keys())].filter((k) => search.getAll(k).length > 1);
  if (repeated.length) return refused(Object.fromEntries(repeated.map((k) => [k, ["Give this parameter once."]])));
  const parsed = schema.safeParse(Object.fromEntries(search));
  if (parsed.success) return { ok: true, data: parsed.data };
  // Keys are the client's (`?__proto__=…` included): a Map, never an object's own properties.
  const errors = new Map<string, string[]>();
  const add = (key: string, message: string) => errors.set(key, [...(errors.get(key) ?? []), message]);
  for (const issue of parsed.error.issues) {
    // zod reports unknown names on the object itself; each is named here, so the answer says which.
    if (issue.code === "unrecognized_keys")
      for (const key of issue.keys) add(key, "This list takes no such parameter: check its name.");
    else add(issue.path.map(String).join(".") || "query", issue.message);
  }
  return refused(Object.fromEntries(errors));
}
