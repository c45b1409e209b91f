// Inputs of the admin forms, shared by the forms (hints) and the server actions (truth).
import { z } from "zod";
import { ACCOUNT_PASSWORD_HINT, accountPasswordSchema } from "@/lib/auth/password-policy";
import { reasonSchema } from "@/lib/support/action-schemas";

const limit = (label: string) =>
  z.coerce
    .number({ error: `Enter ${label} as a whole number` })
    .int(`Enter ${label} as a whole number`)
    .min(0, `${label} cannot be negative`)
    .max(1_000_000, `${label} is too large`);

export const resellerLimitsSchema = z.object({
  resellerId: z.uuid(),
  maxDomains: limit("the domain limit"),
  maxManagers: limit("the manager limit"),
  maxServers: limit("the server limit"),
  reason: reasonSchema,
});

export const NEW_PASSWORD_HINT = ACCOUNT_PASSWORD_HINT;
const newPassword = accountPasswordSchema;

export const createUserSchema = z
  .object({
    email: z.email("Enter an e-mail address").trim().toLowerCase().max(254),
    name: z.string().trim().min(1, "Enter a name").max(100),
    role: z.enum(["reseller", "support", "admin"], { error: "Choose a role" }),
    resellerId: z.preprocess((v) => (v === "" ? undefined : v), z.uuid("Choose a reseller").optional()),
    password: newPassword,
    reason: reasonSchema,
  })
  .refine((u) => u.role !== "reseller" || u.resellerId, {
    path: ["resellerId"],
    message: "A reseller user needs a reseller",
  });

export const userActionSchema = z.object({ userId: z.uuid(), reason: reasonSchema });
export const resetPasswordSchema = userActionSchema.extend({ password: newPassword });

export type ResellerLimitsInput = z.infer<typeof resellerLimitsSchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UserActionInput = z.infer<typeof userActionSchema>;
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;
