"use client";
// Create an API token. The token appears once, here, right after creation: only its hash is kept.
// The person's current password is asked again: a token keeps working after the session ends.
import { useTranslations } from "next-intl";
import { API_SCOPES, type ApiScope } from "@/lib/api/scopes";
import { CreateWithSecretForm } from "../_components/create-with-secret-form";
import { ShownOnce } from "../_components/shown-once";
import type { FormAction } from "../_components/use-form-action";

/** A scope's message key: `orders:read` → `orders_read` (message keys stay plain words). */
type ScopeKey<S = ApiScope> = S extends `${infer Area}:${infer Access}` ? `${Area}_${Access}` : never;
const scopeKey = (s: ApiScope) => s.replace(":", "_") as ScopeKey;

export function CreateTokenForm({ action }: { action: FormAction<{ token: string }> }) {
  const t = useTranslations("apiAccess");
  return (
    <CreateWithSecretForm
      action={action}
      rows={[
        {
          id: "token-name",
          name: "name",
          label: t("form.name"),
          required: true,
          hint: t("form.nameHint"),
          // No maxLength: a browser cuts a longer paste without a word (and counts UTF-16 units,
          // not characters); the server refuses it instead and says how long it may be.
        },
        {
          id: "token-scopes",
          name: "scopes",
          label: t("form.scopes"),
          choices: API_SCOPES.map((s) => ({ value: s, label: t(`scopeLabels.${scopeKey(s)}`) })),
        },
        {
          id: "token-expires",
          name: "expiresOn",
          label: t("form.expiresOn"),
          hint: t("form.expiryHint"),
          input: { type: "date" },
        },
        {
          id: "token-password",
          name: "currentPassword",
          label: t("form.currentPassword"),
          hint: t("form.currentPasswordHint"),
          required: true,
          input: { type: "password", autoComplete: "current-password" },
        },
      ]}
      submit={t("form.submit")}
      submitting={t("form.submitting")}
      created={(data) => (
        <ShownOnce id="new-token" title={t("form.created")} label={t("form.yourToken")} value={data.token} />
      )}
    />
  );
}
