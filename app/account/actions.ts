"use server";
// "My account" actions: each checks the signed-in user itself (requireSignedIn, since a user
// who must change the password or enrol comes here first), acts only on that user's own rows,
// and answers with the form result shape.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changeOwnPassword, PasswordChangeError } from "@/lib/auth/change-password";
import { requireSignedIn } from "@/lib/auth/session";
import { recordSessionRevoke } from "@/lib/auth/session-audit";
import { revokeOtherSessions, revokeSession } from "@/lib/auth/sessions";
import { confirmEnrolment, disableOwnTwoFactor, regenerateRecoveryCodes, TwoFactorError } from "@/lib/auth/two-factor";
import { failure, invalid } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";

const text = (fd: FormData, name: string) => {
  const v = fd.get(name);
  return typeof v === "string" ? v : "";
};

const passwordForm = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(200),
    newPassword: z.string().min(1, "Enter a new password").max(1_000),
    confirmPassword: z.string().min(1, "Type the new password again").max(1_000),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords differ: type the same password twice",
  });

export async function changePasswordAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const user = await requireSignedIn();
  const parsed = passwordForm.safeParse({
    currentPassword: text(fd, "currentPassword"),
    newPassword: text(fd, "newPassword"),
    confirmPassword: text(fd, "confirmPassword"),
  });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const { otherSessionsEnded } = await changeOwnPassword(user, parsed.data);
    revalidatePath("/account", "layout");
    const ended =
      otherSessionsEnded === 0
        ? ""
        : ` ${otherSessionsEnded} other session${otherSessionsEnded === 1 ? "" : "s"} signed out.`;
    return { ok: true, message: `Password changed.${ended}`, data: undefined };
  } catch (err) {
    if (err instanceof PasswordChangeError) return { ok: false, fieldErrors: { [err.field]: [err.message] } };
    return failure(err, []);
  }
}

const codeSchema = z.string().trim().min(1, "Enter the 6-digit code from your authenticator app").max(20);

export async function confirmEnrolmentAction(_prev: FormResult<string[]>, fd: FormData): Promise<FormResult<string[]>> {
  const user = await requireSignedIn();
  const code = codeSchema.safeParse(text(fd, "code"));
  if (!code.success) return { ok: false, fieldErrors: { code: [code.error.issues[0]!.message] } };
  try {
    const codes = await confirmEnrolment(user, code.data);
    // No revalidation here: the page must keep showing the recovery codes until they are saved.
    return { ok: true, message: "Two-factor sign-in is on.", data: codes };
  } catch (err) {
    if (err instanceof TwoFactorError) return { ok: false, fieldErrors: { code: [err.message] } };
    return failure(err, []);
  }
}

export async function regenerateRecoveryCodesAction(
  _prev: FormResult<string[]>,
  fd: FormData,
): Promise<FormResult<string[]>> {
  const user = await requireSignedIn();
  const code = codeSchema.safeParse(text(fd, "code"));
  if (!code.success) return { ok: false, fieldErrors: { code: [code.error.issues[0]!.message] } };
  try {
    const codes = await regenerateRecoveryCodes(user, code.data);
    return { ok: true, message: "New recovery codes: the old ones no longer work.", data: codes };
  } catch (err) {
    if (err instanceof TwoFactorError) return { ok: false, fieldErrors: { code: [err.message] } };
    return failure(err, []);
  }
}

export async function disableTwoFactorAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const user = await requireSignedIn();
  const code = codeSchema.safeParse(text(fd, "code"));
  if (!code.success) return { ok: false, fieldErrors: { code: [code.error.issues[0]!.message] } };
  try {
    await disableOwnTwoFactor(user, code.data);
  } catch (err) {
    if (err instanceof TwoFactorError) return { ok: false, fieldErrors: { code: [err.message] } };
    return failure(err, []);
  }
  revalidatePath("/account/two-factor");
  return { ok: true, message: "Two-factor sign-in is off.", data: undefined };
}

export async function signOutSessionAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const user = await requireSignedIn();
  const sessionId = z.uuid().safeParse(text(fd, "sessionId"));
  if (!sessionId.success) return { ok: false, fieldErrors: {}, formError: "That session is not one of yours." };
  if (sessionId.data === user.sessionId) {
    return { ok: false, fieldErrors: {}, formError: "This is the session you are using: use Sign out at the top." };
  }
  // Scoped by the user: another user's session id matches nothing and says the same.
  if (!(await revokeSession(user.id, sessionId.data))) {
    return { ok: false, fieldErrors: {}, formError: "That session has ended already or is not one of yours." };
  }
  await recordSessionRevoke(user, [sessionId.data]);
  revalidatePath("/account/sessions");
  return { ok: true, message: "Session signed out.", data: undefined };
}

export async function signOutOtherSessionsAction(_prev: FormResult, _fd: FormData): Promise<FormResult> {
  const user = await requireSignedIn();
  const ended = await revokeOtherSessions(user.id, user.sessionId);
  if (ended > 0) await recordSessionRevoke(user, "others");
  revalidatePath("/account/sessions");
  return {
    ok: true,
    message: ended ? `${ended} other session${ended === 1 ? "" : "s"} signed out.` : "No other sessions.",
    data: undefined,
  };
}
