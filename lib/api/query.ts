// Query-string parsing for list endpoints: unknown values are refused with field errors rather
// than silently ignored, so a typo in a filter never returns an unfiltered list.
import { z } from "zod";
import { problem } from "./problem";

export function queryOf<T extends z.ZodType>(
  request: Request,
  schema: T,
): { ok: true; data: z.output<T> } | { ok: false; res: Response } {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    res: problem(400, "Correct the query parameters listed in `errors`.", z.flattenError(parsed.error).fieldErrors),
  };
}
