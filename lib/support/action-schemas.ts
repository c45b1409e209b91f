// Inputs of the support order actions, shared by the forms (hints) and the server actions (truth).
import { z } from "zod";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "@/lib/forms/control-chars";
import { reasonSchema } from "@/lib/forms/reason";
import { v } from "@/lib/i18n/validation";

/**
 * "Show the reason to the reseller": off unless ticked. Resellers otherwise see a neutral line
 * ("Retried by support") on their order's timeline (docs/security.md "Internal notes").
 */
const reasonVisibleSchema = z
  .preprocess((v) => v === true || v === "on" || v === "true", z.boolean())
  .optional()
  .default(false);

const version = z.coerce
  .number({ error: v("reload") })
  .int()
  .min(0);

export const orderActionSchema = z.object({
  orderId: z.uuid({ error: v("unknownOrder") }),
  expectedVersion: version,
  reason: reasonSchema,
  reasonVisible: reasonVisibleSchema,
});

export const resolveOrderSchema = orderActionSchema.extend({
  upstreamRef: z
    .string({ error: v("upstreamRef") })
    .trim()
    .min(1, v("upstreamRef"))
    .max(200)
    .refine((s) => !hasControlChars(s), CONTROL_CHARS_MESSAGE),
});

/** Bulk retry: checkbox values are "<order id>:<version the page showed>". */
export const bulkRetrySchema = z.object({
  items: z
    // A real UUID (36 dashes would pass a looser pattern and make Postgres fail) and a version
    // that fits an int.
    .array(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\d{1,9}$/i, v("reload")))
    .min(1, v("selectOne"))
    .max(200, v("selectAtMost", { max: 200 })),
  reason: reasonSchema,
  reasonVisible: reasonVisibleSchema,
});

// reasonVisible defaults to false when a caller leaves it out.
type VisibleOptional<T> = Omit<T, "reasonVisible"> & { reasonVisible?: boolean };
export type OrderActionInput = VisibleOptional<z.infer<typeof orderActionSchema>>;
export type ResolveOrderInput = VisibleOptional<z.infer<typeof resolveOrderSchema>>;

export function parseBulkItems(items: string[]): Array<{ orderId: string; expectedVersion: number }> {
  return items.map((s) => {
    const [orderId, v] = s.split(":");
    return { orderId: orderId!.toLowerCase(), expectedVersion: Number(v) };
  });
}
