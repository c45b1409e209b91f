"use server";
// "My account" actions: each checks the signed-in user itself (requireSignedIn, since a user
// who must change the password or enrol comes here first), acts only on that user's own rows,
// and answers with the form result shape.
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { changeOwnPasswordAndTokens } from "@/lib/api/tokens";
import { PasswordChangeError } from "@/lib/auth/change-password";
import { requireSignedIn } from "@/lib/auth/session";
import { recordSessionRevoke, signOutOtherSession } from "@/lib/auth/session-audit";
import { continueSessionAs } from "@/lib/auth/session-cookie";
import { revokeOtherSessions } from "@/lib/auth/sessions";
import { confirmEnrolment, disableOwnTwoFactor, regenerateRecoveryCodes, TwoFactorError } from "@/lib/auth/two-factor";
import { failure, forPerson, guardFormAction, invalid, parseOptionsForPerson } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { v } from "@/lib/i18n/validation";
import { endpointsOffForPasswordChange } from "@/lib/webhooks/endpoints";

const text = (fd: FormData, name: string) => {
  const v = fd.get(name);
  return typeof v === "string" ? v : "";
};

const passwordForm = z
  .object({
    currentPassword: z.string().min(1, v("currentPasswordMissing")).max(200),
    newPassword: z.string().min(1, v("newPasswordMissing")).max(1_000),
    confirmPassword: z.string().min(1, v("confirmPasswordMissing")).max(1_000),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: v("passwordsDiffer"),
  });

export async function changePasswordAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const user = await requireSignedIn();
  const parsed = passwordForm.safeParse(
    {
      currentPassword: text(fd, "currentPassword"),
      newPassword: text(fd, "newPassword"),
      confirmPassword: text(fd, "confirmPassword"),
    },
    await parseOptionsForPerson(),
  );
  if (!parsed.success) return forPerson(invalid(parsed.error));
  try {
    const revokeApiTokens = text(fd, "revokeApiTokens") === "true";
    // The reseller's endpoints, for its own users only (staff have none); in the same transaction.
    const resellerId = user.resellerId;
    const webhooksOff = text(fd, "disableWebhooks") === "true" && resellerId !== null;
    const { otherSessionsEnded, apiTokensRevoked, webhookEndpointsDisabled, sessionId } =
      await changeOwnPasswordAndTokens(user, {
        ...parsed.data,
        revokeApiTokens,
        webhookEndpointsOff: webhooksOff
          ? (tx) => endpointsOffForPasswordChange(tx, { ...user, resellerId })
          : undefined,
      });
    // This browser goes on under the session's new id; a copy of its old cookie is ended.
    if (sessionId) await continueSessionAs(sessionId);
    revalidatePath("/account", "layout");
    const t = await getTranslations("account.password");
    const changed = otherSessionsEnded === 0 ? t("changed") : t("changedOthersOut", { count: otherSessionsEnded });
    const message = [
      changed,
      revokeApiTokens ? t("tokensRevoked", { count: apiTokensRevoked }) : null,
      webhooksOff ? t("webhooksDisabled", { count: webhookEndpointsDisabled }) : null,
    ]
      .filter(Boolean)
      .join(" ");
    return { ok: true, message, data: undefined };
  } catch (err) {
    if (err instanceof PasswordChangeError) {
      return forPerson({ ok: false, fieldErrors: { [err.field]: [err.message] } });
    }
    return forPerson(failure(err, []));
  }
}

const codeSchema = z.string().trim().min(1, v("totpCodeMissing")).max(20);

/** The code field's refusal, in the person's language (the text comes from v()). */
const codeRefused = (message: string): Promise<FormResult<never>> =>
  forPerson({ ok: false, fieldErrors: { code: [message] } });

const enrolmentForm = z.object({
  code: codeSchema,
  currentPassword: z.string().min(1, v("currentPasswordMissing")).max(200),
});

export async function confirmEnrolmentAction(_prev: FormResult<string[]>, fd: FormData): Promise<FormResult<string[]>> {
  const user = await requireSignedIn();
  const parsed = enrolmentForm.safeParse(
    { code: text(fd, "code"), currentPassword: text(fd, "currentPassword") },
    await parseOptionsForPerson(),
  );
  if (!parsed.success) return forPerson(invalid(parsed.error));
  try {
    const { recoveryCodes: codes, sessionId } = await confirmEnrolment(user, parsed.data);
    if (sessionId) await continueSessionAs(sessionId);
    // No revalidation here: the page must keep showing the recovery codes until they are saved.
    return { ok: true, message: (await getTranslations("account.twoFactor"))("turnedOn"), data: codes };
  } catch (err) {
    if (err instanceof TwoFactorError) return forPerson({ ok: false, fieldErrors: { [err.field]: [err.message] } });
    return forPerson(failure(err, []));
  }
}

export async function regenerateRecoveryCodesAction(
  _prev: FormResult<string[]>,
  fd: FormData,
): Promise<FormResult<string[]>> {
  const user = await requireSignedIn();
  const code = codeSchema.safeParse(text(fd, "code"), await parseOptionsForPerson());
  if (!code.success) return codeRefused(code.error.issues[0]!.message);
  try {
    const codes = await regenerateRecoveryCodes(user, code.data);
    return { ok: true, message: (await getTranslations("account.twoFactor"))("regenerated"), data: codes };
  } catch (err) {
    if (err instanceof TwoFactorError) return codeRefused(err.message);
    return forPerson(failure(err, []));
  }
}

export async function disableTwoFactorAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const user = await requireSignedIn();
  const code = codeSchema.safeParse(text(fd, "code"), await parseOptionsForPerson());
  if (!code.success) return codeRefused(code.error.issues[0]!.message);
  try {
    await disableOwnTwoFactor(user, code.data);
  } catch (err) {
    if (err instanceof TwoFactorError) return codeRefused(err.message);
    return forPerson(failure(err, []));
  }
  revalidatePath("/account/two-factor");
  return { ok: true, message: (await getTranslations("account.twoFactor"))("turnedOff"), data: undefined };
}

export async function signOutSessionAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  return guardFormAction(async () => {
    const user = await requireSignedIn();
    const t = await getTranslations("account.sessions");
    const sessionId = z.uuid().safeParse(text(fd, "sessionId"));
    if (!sessionId.success) return { ok: false, fieldErrors: {}, formError: t("notYours") };
    // Scoped by the user: another user's session id matches nothing and says the same.
    const outcome = await signOutOtherSession(user, sessionId.data);
    if (outcome !== "ended") return { ok: false, fieldErrors: {}, formError: t(outcome) };
    revalidatePath("/account/sessions");
    return { ok: true, message: t("signedOut"), data: undefined };
  });
}

export async function signOutOtherSessionsAction(_prev: FormResult, _fd: FormData): Promise<FormResult> {
  return guardFormAction(async () => {
    const user = await requireSignedIn();
    const ended = await revokeOtherSessions(user.id, user.sessionId);
    if (ended > 0) await recordSessionRevoke(user, "others");
    revalidatePath("/account/sessions");
    const t = await getTranslations("account.sessions");
    return { ok: true, message: ended ? t("othersSignedOut", { count: ended }) : t("noOthers"), data: undefined };
  });
}
