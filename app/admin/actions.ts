"use server";
// Admin actions: admin role first, parse, one lib/ call, revalidate. lib/admin checks
// the role again and writes the audit event with the change.
import { revalidatePath } from "next/cache";
import { shareServer, unshareServer, updateResellerUpstream } from "@/lib/admin/reseller-upstream";
import { updateResellerLimits } from "@/lib/admin/resellers";
import {
  createUserSchema,
  resellerLimitsSchema,
  resellerUpstreamSchema,
  resetPasswordSchema,
  shareServerSchema,
  unshareServerSchema,
  userActionSchema,
} from "@/lib/admin/schemas";
import {
  AdminActionError,
  createUserAsAdmin,
  disableUserAsAdmin,
  enableUserAsAdmin,
  resetPasswordAsAdmin,
} from "@/lib/admin/users";
import { requireRole } from "@/lib/auth/session";
import { failure, invalid } from "@/lib/support/action-failure";
import type { ActionResult } from "@/lib/support/action-result";

const pick = (fd: FormData, names: string[]) => Object.fromEntries(names.map((n) => [n, fd.get(n) ?? undefined]));

export async function updateLimitsAction(_prev: ActionResult, fd: FormData): Promise<ActionResult> {
  const viewer = await requireRole("admin");
  const parsed = resellerLimitsSchema.safeParse(
    pick(fd, ["resellerId", "maxDomains", "maxManagers", "maxServers", "reason"]),
  );
  if (!parsed.success) return invalid(parsed.error);
  try {
    await updateResellerLimits(viewer, parsed.data);
  } catch (err) {
    return failure(err, [AdminActionError]);
  }
  revalidatePath("/admin/resellers");
  return { ok: true, message: "Limits saved." };
}

export async function createUserAction(_prev: ActionResult, fd: FormData): Promise<ActionResult> {
  const viewer = await requireRole("admin");
  const parsed = createUserSchema.safeParse(pick(fd, ["email", "name", "role", "resellerId", "password", "reason"]));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await createUserAsAdmin(viewer, parsed.data);
  } catch (err) {
    return failure(err, [AdminActionError]);
  }
  revalidatePath("/admin/users");
  return { ok: true, message: `User ${parsed.data.email} created.` };
}

export async function disableUserAction(_prev: ActionResult, fd: FormData): Promise<ActionResult> {
  const viewer = await requireRole("admin");
  const parsed = userActionSchema.safeParse(pick(fd, ["userId", "reason"]));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await disableUserAsAdmin(viewer, parsed.data);
  } catch (err) {
    return failure(err, [AdminActionError]);
  }
  revalidatePath("/admin/users");
  return { ok: true, message: "User disabled; their sessions have ended." };
}

export async function enableUserAction(_prev: ActionResult, fd: FormData): Promise<ActionResult> {
  const viewer = await requireRole("admin");
  const parsed = userActionSchema.safeParse(pick(fd, ["userId", "reason"]));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await enableUserAsAdmin(viewer, parsed.data);
  } catch (err) {
    return failure(err, [AdminActionError]);
  }
  revalidatePath("/admin/users");
  return { ok: true, message: "User enabled." };
}

export async function resetPasswordAction(_prev: ActionResult, fd: FormData): Promise<ActionResult> {
  const viewer = await requireRole("admin");
  const parsed = resetPasswordSchema.safeParse(pick(fd, ["userId", "password", "reason"]));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await resetPasswordAsAdmin(viewer, parsed.data);
  } catch (err) {
    return failure(err, [AdminActionError]);
  }
  revalidatePath("/admin/users");
  return { ok: true, message: "Password reset; the user's sessions have ended." };
}

export async function updateUpstreamAction(_prev: ActionResult, fd: FormData): Promise<ActionResult> {
  const viewer = await requireRole("admin");
  const parsed = resellerUpstreamSchema.safeParse(
    pick(fd, ["resellerId", "grommunioOrgId", "qboxmailCustomerCode", "qboxmailOutboundLimitId", "reason"]),
  );
  if (!parsed.success) return invalid(parsed.error);
  try {
    await updateResellerUpstream(viewer, parsed.data);
  } catch (err) {
    return failure(err, [AdminActionError]);
  }
  revalidatePath("/admin/resellers");
  return { ok: true, message: "Upstream identifiers saved; new orders use them." };
}

export async function shareServerAction(_prev: ActionResult, fd: FormData): Promise<ActionResult> {
  const viewer = await requireRole("admin");
  const parsed = shareServerSchema.safeParse(pick(fd, ["resellerId", "serverId", "label", "reason"]));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await shareServer(viewer, parsed.data);
  } catch (err) {
    return failure(err, [AdminActionError]);
  }
  revalidatePath("/admin/resellers");
  return { ok: true, message: `Server ${parsed.data.serverId} shared.` };
}

export async function unshareServerAction(_prev: ActionResult, fd: FormData): Promise<ActionResult> {
  const viewer = await requireRole("admin");
  const parsed = unshareServerSchema.safeParse(pick(fd, ["shareId", "reason"]));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await unshareServer(viewer, parsed.data);
  } catch (err) {
    return failure(err, [AdminActionError]);
  }
  revalidatePath("/admin/resellers");
  return { ok: true, message: "Server no longer shared; orders already placed keep their server." };
}
