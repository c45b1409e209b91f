import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PickerMessages } from "@/app/components/picker-messages";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { ResellerPicker } from "@/app/ui/reseller-picker";
import { SearchBox } from "@/app/ui/search-box";
import { listUsers } from "@/lib/admin/users";
import { ACCOUNT_PASSWORD_MIN } from "@/lib/auth/password-policy";
import { requireRole } from "@/lib/auth/session";
import { listLinks, readListAddress } from "@/lib/pagination/list-address";
import { resellerChoices } from "@/lib/support/reseller-options";
import { AdminForm } from "../_components/admin-form";
import { AdminNav } from "../_components/admin-nav";
import {
  createUserAction,
  disableUserAction,
  enableUserAction,
  resetPasswordAction,
  resetTwoFactorAction,
} from "../actions";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  await requireRole("admin");
  return { title: (await getTranslations("admin"))("users.title") };
}

const ROLE_VALUES = ["reseller", "support", "admin"] as const;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const BASE = "/admin/users";

/**
 * For a reseller user: whether the API tokens they made keep working or are revoked with the
 * action (an enable, a password reset); staff users make no tokens.
 */
function tokensChoice(role: string, label: string, keep: string, revoke: string) {
  if (role !== "reseller") return [];
  return [
    {
      name: "tokens",
      label,
      type: "select" as const,
      options: [
        { value: "keep", label: keep },
        { value: "revoke", label: revoke },
      ],
    },
  ];
}

export default async function UsersPage({ searchParams }: Props) {
  const viewer = await requireRole("admin");
  const sp = await searchParams;
  const address = readListAddress(sp);
  const { q, after, before } = address;
  // A page of users at a time, found by a search: an installation's thousand users, each with
  // their forms, made this page megabytes long (docs/benchmarks/pages.md "Pages: the admin's users and
  // resellers").
  const [{ rows: users, nextAfter, prevBefore }, resellers, tAll, roles, password] = await Promise.all([
    listUsers(viewer, { q, after, before }),
    resellerChoices(viewer),
    getTranslations("admin"),
    getTranslations("common.roles"),
    getTranslations("account.password"),
  ]);
  const t = (key: string, values?: Record<string, string>) => tAll(`users.${key}`, values);
  const ROLES = ROLE_VALUES.map((value) => ({ value, label: roles(value) }));
  const reason = { label: tAll("reason"), hint: tAll("reasonHint") };
  // The password rule in the person's words, as on their own password page.
  const passwordHint = password("hint", { min: ACCOUNT_PASSWORD_MIN });
  return (
    <main id="main">
      <PageHeader title={t("title")} description={t("description")} />
      <AdminNav current="/admin/users" />
      <PickerMessages when={resellers.searchable}>
        <AdminForm
          id="new-user"
          title={t("create")}
          titleLevel={2}
          submitLabel={t("createSubmit")}
          action={createUserAction}
          reason={reason}
          fields={[
            { name: "email", label: t("email"), type: "email", autoComplete: "off" },
            { name: "name", label: t("name"), type: "text" },
            { name: "role", label: t("role"), type: "select", options: ROLES, placeholder: t("choose") },
            resellers.searchable
              ? {
                  name: "resellerId",
                  type: "control",
                  control: (
                    <ResellerPicker
                      id="new-user-resellerId"
                      name="resellerId"
                      label={t("reseller")}
                      emptyLabel={t("noReseller")}
                      hint={t("resellerHint")}
                    />
                  ),
                }
              : {
                  name: "resellerId",
                  label: t("reseller"),
                  type: "select",
                  options: resellers.options,
                  placeholder: t("noReseller"),
                  hint: t("resellerHint"),
                },
            {
              name: "password",
              label: t("initialPassword"),
              type: "password",
              hint: passwordHint,
              autoComplete: "new-password",
            },
          ]}
        />
      </PickerMessages>
      <div className="mt-6">
        <SearchBox action={BASE} id="user-search" label={t("searchLabel")} value={q ?? ""} submit={t("search")} />
      </div>
      {users.length === 0 ? <p className="text-slate-600">{t("noMatch")}</p> : null}
      <ul className="space-y-3" aria-label={t("listCaption")}>
        {users.map((u) => (
          <li key={u.id} className="rounded-md border border-slate-200 bg-white p-4" data-user={u.email}>
            {/* Where focus goes when enabling or disabling swaps one form for the other. */}
            <h2 id={`user-${u.id}`} tabIndex={-1} className="font-semibold">
              {u.name} <span className="font-normal text-slate-700">&lt;{u.email}&gt;</span>
            </h2>
            <p className="text-sm text-slate-700">
              {u.reseller ? t("roleOf", { role: roles(u.role), reseller: u.reseller.name }) : roles(u.role)} ·{" "}
              {u.disabledAt ? (
                <span className="font-medium text-red-800">{t("disabled")}</span>
              ) : (
                <span className="text-green-800">{t("active")}</span>
              )}{" "}
              · {u.totpEnabledAt ? t("twoFactorOn") : t("twoFactorOff")}
              {u.mustChangePassword ? ` · ${t("mustChange")}` : ""}
            </p>
            {u.id === viewer.id ? (
              <p className="text-sm text-slate-600">{t("thisIsYou")}</p>
            ) : (
              <details className="mt-2">
                <summary className="cursor-pointer text-sm text-blue-800">{t("manage")}</summary>
                <div className="mt-2 grid gap-3 lg:grid-cols-2">
                  {/* Keyed apart: the form that was used leaves the page with its answer, and the
                      other starts empty. Its success is said in the page's live region instead. */}
                  {u.disabledAt ? (
                    <AdminForm
                      key="enable"
                      id={`enable-${u.id}`}
                      removedOnSuccess={{ focusId: `user-${u.id}` }}
                      title={t("enableTitle")}
                      submitLabel={t("enableSubmit")}
                      action={enableUserAction}
                      reason={reason}
                      fields={[
                        { name: "userId", label: "", type: "hidden", value: u.id },
                        ...tokensChoice(u.role, t("enableTokens"), t("enableTokensKeep"), t("enableTokensRevoke")),
                      ]}
                    />
                  ) : (
                    <AdminForm
                      key="disable"
                      id={`disable-${u.id}`}
                      removedOnSuccess={{ focusId: `user-${u.id}` }}
                      title={t("disableTitle")}
                      submitLabel={t("disableSubmit")}
                      variant="danger"
                      action={disableUserAction}
                      reason={reason}
                      confirm={{
                        consequence: t("disableConsequence", { name: u.name }),
                        confirmLabel: t("disableConfirm", { name: u.name }),
                        keepLabel: tAll("keep"),
                      }}
                      fields={[{ name: "userId", label: "", type: "hidden", value: u.id }]}
                    />
                  )}
                  <AdminForm
                    id={`reset-${u.id}`}
                    title={t("resetTitle")}
                    submitLabel={t("resetSubmit")}
                    variant="secondary"
                    action={resetPasswordAction}
                    reason={reason}
                    confirm={{
                      consequence: t("resetConsequence", { name: u.name }),
                      confirmLabel: t("resetConfirm"),
                      keepLabel: tAll("keep"),
                    }}
                    fields={[
                      { name: "userId", label: "", type: "hidden", value: u.id },
                      {
                        name: "password",
                        label: t("newPassword"),
                        type: "password",
                        hint: passwordHint,
                        autoComplete: "new-password",
                      },
                      ...tokensChoice(u.role, t("resetTokens"), t("resetTokensKeep"), t("resetTokensRevoke")),
                    ]}
                  />
                  {u.totpEnabledAt ? (
                    <AdminForm
                      id={`reset-2fa-${u.id}`}
                      title={t("reset2faTitle")}
                      submitLabel={t("reset2faSubmit")}
                      variant="secondary"
                      action={resetTwoFactorAction}
                      reason={reason}
                      confirm={{
                        consequence: t("reset2faConsequence", { name: u.name }),
                        confirmLabel: t("reset2faConfirm"),
                        keepLabel: tAll("keep"),
                      }}
                      fields={[{ name: "userId", label: "", type: "hidden", value: u.id }]}
                    />
                  ) : null}
                </div>
              </details>
            )}
          </li>
        ))}
      </ul>
      <CursorPagination label={t("pagesLabel")} {...listLinks(BASE, address, { nextAfter, prevBefore })} />
    </main>
  );
}
