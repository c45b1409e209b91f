"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { type ComponentProps, type FormEvent, useState } from "react";
import { type AuthErrorMessage, authErrorMessage } from "./messages";

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-500 px-3 py-2 text-slate-900 shadow-sm focus:border-sky-600 focus:outline-none focus:ring-2 focus:ring-sky-600/30";

/** A required field of the sign-in form, named by its id; the hint, if any, is read with it. */
function LoginField({
  id,
  label,
  hint,
  ...input
}: ComponentProps<"input"> & { id: string; label: string; hint?: string }) {
  const hintId = `${id}-hint`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={id}
        required
        aria-describedby={hint ? hintId : undefined}
        className={inputClass}
        {...input}
      />
    </div>
  );
}

type Props = { initialError: AuthErrorMessage | null; callbackPath: string | null };

export function LoginForm({ initialError, callbackPath }: Props) {
  const t = useTranslations("login");
  const [error, setError] = useState<AuthErrorMessage | null>(initialError);
  const [pending, setPending] = useState(false);
  // Shown once the password was right for an account with two-factor sign-in.
  const [askCode, setAskCode] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        code: String(form.get("code") ?? ""),
      });
      if (result?.ok && !result.error) {
        // /login sends a signed-in user to their home (dashboard or support console).
        window.location.assign(callbackPath ?? "/login");
        return;
      }
      const code = result?.error ?? "";
      if (code === "SecondFactorRequired" || code === "SecondFactorInvalid") setAskCode(true);
      // The first request for a code is an instruction, not an error: the field says it.
      setError(code === "SecondFactorRequired" ? null : authErrorMessage(code));
    } catch {
      setError({ key: "failed" });
    }
    setPending(false);
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5">
      <LoginField id="email" label={t("email")} type="email" autoComplete="username" />
      <LoginField id="password" label={t("password")} type="password" autoComplete="current-password" />
      {askCode ? (
        <LoginField
          id="code"
          label={t("codeLabel")}
          hint={`${t("codeNeeded")}.`}
          type="text"
          inputMode="text"
          autoComplete="one-time-code"
          // It appears after the password step: focus belongs there.
          autoFocus
        />
      ) : null}
      {/* Always rendered with a fixed height: the message appears without moving the button,
          and role=alert makes screen readers announce it when its text changes. */}
      <p id="login-error" role="alert" className="min-h-10 text-sm text-red-700">
        {error ? ("values" in error ? t(error.key, error.values) : t(error.key)) : null}
      </p>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-sky-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-sky-800 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2 disabled:opacity-60"
      >
        {pending ? t("submitting") : askCode ? t("verify") : t("submit")}
      </button>
    </form>
  );
}
