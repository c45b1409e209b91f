// Inputs of the support order actions, shared by the forms (hints) and the server actions (truth).
import { z } from "zod";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "@/lib/forms/control-chars";

export const reasonSchema = z
  .string({ error: "Give a reason" })
  .trim()
  .min(3, "Give a reason (at least 3 characters): it is kept in the audit log")
  .max(500, "Keep the reason under 500 characters")
  .refine((v) => !hasControlChars(v, true), CONTROL_CHARS_MESSAGE);

/**
 * "Show the reason to the reseller": off unless ticked. Resellers otherwise see a neutral line
 * ("Retried by support") on their order's timeline (docs/security.md "Internal notes").
 */
export const reasonVisibleSchema = z
  .preprocess((v) => v === true || v === "on" || v === "true", z.boolean())
  .optional()
  .default(false);

const version = z.coerce.number({ error: "Reload the page and try again" }).int().min(0);

export const orderActionSchema = z.object({
  orderId: z.uuid({ error: "Unknown order" }),
  expectedVersion: version,
  reason: reasonSchema,
  reasonVisible: reasonVisibleSchema,
});

export const resolveOrderSchema = orderActionSchema.extend({
  upstreamRef: z
    .string({ error: "Enter the upstream reference" })
    .trim()
    .min(1, "Enter the upstream reference")
    .max(200),
});

/** Bulk retry: checkbox values are "<order id>:<version the page showed>". */
export const bulkRetrySchema = z.object({
  items: z
    // A real UUID (36 dashes would pass a looser pattern and make Postgres fail) and a version
    // that fits an int.
    .array(
      z
        .string()
        .regex(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\d{1,9}$/i,
          "Reload the page and try again",
        ),
    )
    .min(1, "Select at least one order")
    .max(200, "Select at most 200 orders at a time"),
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
