// Filters of the support order list, parsed from the URL (page, CSV export and tests share them).
// A malformed value drops that one filter instead of failing the page: a hand-edited URL should
// still show orders.
import { z } from "zod";
import { isCalendarDate } from "@/lib/forms/calendar-date";
import { hasControlChars } from "@/lib/forms/control-chars";
import { OrderKind, OrderStatus, Provider } from "@/lib/generated/prisma/enums";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional()).catch(undefined);
const day = z.string().refine(isCalendarDate);

const supportOrderFiltersSchema = z.object({
  view: z.enum(["all", "attention"]).catch("all").default("all"),
  status: opt(z.enum(OrderStatus)),
  kind: opt(z.enum(OrderKind)),
  provider: opt(z.enum(Provider)),
  resellerId: opt(z.uuid()),
  customerId: opt(z.uuid()),
  /** Inclusive UTC days, as an <input type="date"> sends them. */
  from: opt(day),
  to: opt(day),
  // Postgres cannot search for (or store in the export's audit row) text holding U+0000.
  q: opt(
    z
      .string()
      .trim()
      .max(320)
      .refine((s) => !hasControlChars(s)),
  ),
});

export type SupportOrderFilters = z.infer<typeof supportOrderFiltersSchema>;

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

export function parseSupportOrderFilters(params: Params): SupportOrderFilters {
  const get = (k: string) => {
    if (params instanceof URLSearchParams) return params.get(k) ?? undefined;
    const v = params[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const keys = Object.keys(supportOrderFiltersSchema.shape);
  return supportOrderFiltersSchema.parse(Object.fromEntries(keys.map((k) => [k, get(k)])));
}

/** The filters as URL parameters (for links: next page, export, view switch). */
export function filtersToParams(
  f: SupportOrderFilters,
  extra: Record<string, string | undefined> = {},
): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) {
    if (v === undefined || v === "" || (k === "view" && v === "all")) continue;
    out.set(k, String(v));
  }
  return out;
}
