"use server";
// Admin actions: admin role first, parse, one lib/ call, revalidate. lib/admin checks
// the role again and writes the audit event with the change.
import { getTranslations } from "next-intl/server";
import {
  shareServer,
  UpstreamIdTakenError,
  unshareServer,
  updateResellerUpstream,
} from "@/lib/admin/reseller-upstream";
import { updateResellerLimits } from "@/lib/admin/resellers";
import {
  createUserSchema,
  enableUserSchema,
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
import { formAction, formFields, forPerson } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";

export async function updateLimitsAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  const t = await getTranslations("admin.done");
  return formAction(
    resellerLimitsSchema,
    formFields(fd, ["resellerId", "maxDomains", "maxManagers", "maxServers", "updatedAt", "reason"]),
    (input) => updateResellerLimits(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/resellers"],
      message: t("limitsSaved"),
    },
  );
}

export async function createUserAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  const t = await getTranslations("admin.done");
  return formAction(
    createUserSchema,
    formFields(fd, ["email", "name", "role", "resellerId", "password", "reason"]),
    (input) => createUserAsAdmin(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/users"],
      message: (_r, input) => t("userCreated", { email: input.email }),
    },
  );
}

export async function disableUserAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  const t = await getTranslations("admin.done");
  return formAction(
    userActionSchema,
    formFields(fd, ["userId", "reason"]),
    (input) => disableUserAsAdmin(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/users"],
      message: t("userDisabled"),
    },
  );
}

export async function enableUserAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  const t = await getTranslations("admin.done");
  return formAction(
    enableUserSchema,
    formFields(fd, ["userId", "tokens", "reason"]),
    (input) => enableUserAsAdmin(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/users"],
      message: t("userEnabled"),
    },
  );
}

export async function resetPasswordAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  const t = await getTranslations("admin.done");
  return formAction(
    resetPasswordSchema,
    formFields(fd, ["userId", "password", "tokens", "reason"]),
    (input) => resetPasswordAsAdmin(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/users"],
      message: t("passwordReset"),
    },
  );
}

export async function updateUpstreamAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  const t = await getTranslations("admin.done");
  // An identifier another reseller holds is said beside its field, naming that reseller.
  let taken: UpstreamIdTakenError | undefined;
  const result = await formAction(
    resellerUpstreamSchema,
    formFields(fd, [
      "resellerId",
      "grommunioOrgId",
      "qboxmailCustomerCode",
      "qboxmailOutboundLimitId",
      "updatedAt",
      "reason",
    ]),
    (input) =>
      updateResellerUpstream(viewer, input).catch((err: unknown) => {
        if (err instanceof UpstreamIdTakenError) taken = err;
        throw err;
      }),
    {
      known: [AdminActionError],
      revalidate: ["/admin/resellers"],
      message: t("upstreamSaved"),
    },
  );
  return taken ? forPerson({ ok: false, fieldErrors: { [taken.field]: [taken.message] } }) : result;
}

export async function shareServerAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  const t = await getTranslations("admin.done");
  return formAction(
    shareServerSchema,
    formFields(fd, ["resellerId", "serverId", "label", "reason"]),
    (input) => shareServer(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/resellers"],
      message: (_r, input) => t("serverShared", { id: input.serverId }),
    },
  );
}

export async function unshareServerAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  const t = await getTranslations("admin.done");
  return formAction(
    unshareServerSchema,
    formFields(fd, ["shareId", "reason"]),
    (input) => unshareServer(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/resellers"],
      message: t("serverUnshared"),
    },
  );
}

export async function resetTwoFactorAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("admin");
  const t = await getTranslations("admin.done");
  return formAction(
    userActionSchema,
    formFields(fd, ["userId", "reason"]),
    (input) => resetTwoFactorAsAdmin(viewer, input),
    {
      known: [AdminActionError],
      revalidate: ["/admin/users"],
      message: t("twoFactorReset"),
    },
  );
}
