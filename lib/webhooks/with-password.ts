// Registering a webhook endpoint and giving it a new signing secret, as the webhooks pages offer
// them: with the person's current password asked again. Both outlive the session that takes them
// (an endpoint streams the reseller's order events to its address; a signing secret lets its
// holder sign as the portal), so a stolen session must not do either with the cookie alone, as for
// an API token (lib/auth/current-password.ts; docs/security.md "API tokens and webhooks").
import { z } from "zod";
import { checkCurrentPassword, currentPasswordProblem } from "@/lib/auth/current-password";
import { env } from "@/lib/env";
import {
  type CreateEndpointResult,
  createWebhookEndpoint,
  endpointSchema,
  type Person,
  type RotateSecretResult,
  rotateWebhookSecret,
} from "./endpoints";
import { webhookUrlShapeProblem } from "./target";

/**
 * The fields are checked first (the address as written too), so a mistyped address does not use
 * up a password attempt, and the form shows every problem at once. Where the address's name leads
 * (does not resolve, or to a private address) is said only after the password: the answer tells
 * which of the portal's own network names exist, which a session cookie alone must not learn.
 */
export async function createWebhookEndpointWithPassword(
  user: Person,
  input: Record<string, unknown> & { currentPassword?: unknown },
): Promise<CreateEndpointResult> {
  const { currentPassword, ...fields } = input;
  const parsed = endpointSchema.safeParse(fields);
  const urlProblem = parsed.success
    ? webhookUrlShapeProblem(parsed.data.url, env().WEBHOOK_ALLOW_PRIVATE_TARGETS)
    : undefined;
  const problem = currentPasswordProblem(currentPassword);
  if (!parsed.success || urlProblem || problem)
    return {
      ok: false,
      fieldErrors: {
        ...(parsed.success ? {} : z.flattenError(parsed.error).fieldErrors),
        ...(urlProblem ? { url: [urlProblem] } : {}),
        ...(problem ? { currentPassword: [problem] } : {}),
      },
    };
  const password = await checkCurrentPassword(user, currentPassword);
  if (!password.ok) return { ok: false, fieldErrors: { currentPassword: [password.refused] } };
  // The hash goes with the write: made only while it is still the account's (endpoints.ts), which
  // also looks the address's name up.
  return createWebhookEndpoint(user, fields, { passwordHash: password.passwordHash });
}

/** `refused`: the password's problem, said for the form; nothing rotated. */
export async function rotateWebhookSecretWithPassword(
  user: Person,
  id: string,
  currentPassword: unknown,
): Promise<RotateSecretResult | { ok: false; refused: string }> {
  const password = await checkCurrentPassword(user, currentPassword);
  if (!password.ok) return { ok: false, refused: password.refused };
  // The hash goes with the write, as for a new endpoint (endpoints.ts).
  return rotateWebhookSecret(user, id, { passwordHash: password.passwordHash });
}
