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

const blankToNull = (v: unknown) => (v === "" || v === undefined || v === null ? null : v);
const optionalId = (label: string, min: number) =>
  z.preprocess(
    blankToNull,
    z.coerce
      .number({ error: `Enter ${label} as a whole number, or leave it empty` })
      .int(`Enter ${label} as a whole number`)
      .min(min, `${label} starts at ${min}`)
      .max(2_147_483_647, `${label} is too large`)
      .nullable(),
  );

/** The upstream identifiers an admin sets per reseller (docs/security.md "Upstream identifiers"). */
export const resellerUpstreamSchema = z.object({
  resellerId: z.uuid(),
  grommunioOrgId: optionalId("the grommunio organisation ID", 1),
  qboxmailCustomerCode: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "Enter the Qboxmail customer code (letters, digits, - and _), or leave it empty")
      .nullable(),
  ),
  qboxmailOutboundLimitId: optionalId("the outbound limit ID", 0),
  reason: reasonSchema,
});

export const shareServerSchema = z.object({
  resellerId: z.uuid(),
  serverId: z.coerce
    .number({ error: "Enter the grommunio server ID (1 to 255)" })
    .int("Enter the grommunio server ID as a whole number")
    .min(1, "Server IDs start at 1")
    .max(255, "Server IDs go up to 255"),
  label: z.string().trim().min(1, "Enter a label resellers recognise, such as the host name").max(255),
  reason: reasonSchema,
});

export const unshareServerSchema = z.object({ shareId: z.uuid(), reason: reasonSchema });

export type ResellerUpstreamInput = z.infer<typeof resellerUpstreamSchema>;
export type ShareServerInput = z.infer<typeof shareServerSchema>;
export type UnshareServerInput = z.infer<typeof unshareServerSchema>;
