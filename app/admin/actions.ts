"use server";
// Admin actions: admin role first, parse, one lib/ call, revalidate. lib/admin checks
// the role again and writes the audit event with the change.
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
  resetTwoFactorAsAdmin,
} from "@/lib/admin/users";
import { requireRole } from "@/lib/auth/session";
import { formAction, formFields } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";

export async function updateLimitsAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  return formAction(
    resellerLimitsSchema,
    formFields(fd, ["resellerId", "maxDomains", "maxManagers", "maxServers", "reason"]),
    (input) => updateResellerLimits(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/resellers"],
      message: "Limits saved.",
    },
  );
}

export async function createUserAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  return formAction(
    createUserSchema,
    formFields(fd, ["email", "name", "role", "resellerId", "password", "reason"]),
    (input) => createUserAsAdmin(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/users"],
      message: (_r, input) => `User ${input.email} created.`,
    },
  );
}

export async function disableUserAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  return formAction(
    userActionSchema,
    formFields(fd, ["userId", "reason"]),
    (input) => disableUserAsAdmin(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/users"],
      message: "User disabled; their sessions have ended.",
    },
  );
}

export async function enableUserAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  return formAction(
    userActionSchema,
    formFields(fd, ["userId", "reason"]),
    (input) => enableUserAsAdmin(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/users"],
      message: "User enabled.",
    },
  );
}

export async function resetPasswordAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  return formAction(
    resetPasswordSchema,
    formFields(fd, ["userId", "password", "reason"]),
    (input) => resetPasswordAsAdmin(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/users"],
      message: "Password reset; the user's sessions have ended.",
    },
  );
}

export async function updateUpstreamAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  return formAction(
    resellerUpstreamSchema,
    formFields(fd, ["resellerId", "grommunioOrgId", "qboxmailCustomerCode", "qboxmailOutboundLimitId", "reason"]),
    (input) => updateResellerUpstream(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/resellers"],
      message: "Upstream identifiers saved; new orders use them.",
    },
  );
}

export async function shareServerAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  return formAction(
    shareServerSchema,
    formFields(fd, ["resellerId", "serverId", "label", "reason"]),
    (input) => shareServer(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/resellers"],
      message: (_r, input) => `Server ${input.serverId} shared.`,
    },
  );
}

export async function unshareServerAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  return formAction(
    unshareServerSchema,
    formFields(fd, ["shareId", "reason"]),
    (input) => unshareServer(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/resellers"],
      message: "Server no longer shared; orders already placed keep their server.",
    },
  );
}

export async function resetTwoFactorAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  return formAction(
    userActionSchema,
    formFields(fd, ["userId", "reason"]),
    (input) => resetTwoFactorAsAdmin(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/users"],
      message: "Two-factor sign-in reset; the user's sessions have ended.",
    },
  );
}
