import type { Metadata } from "next";
import { PageHeader } from "@/app/ui/page-header";
import { listResellers } from "@/lib/admin/resellers";
import { NEW_PASSWORD_HINT } from "@/lib/admin/schemas";
import { listUsers } from "@/lib/admin/users";
import { requireRole } from "@/lib/auth/session";
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
export const metadata: Metadata = { title: "Users" };

const ROLES = [
  { value: "reseller", label: "Reseller" },
  { value: "support", label: "Support" },
  { value: "admin", label: "Administrator" },
];

export default async function UsersPage() {
  const viewer = await requireRole("admin");
  const [users, resellers] = await Promise.all([listUsers(viewer), listResellers(viewer)]);
  return (
    <main>
      <PageHeader
        title="Users"
        description="Who may sign in, and with which role. Disabling a user or resetting a password ends their sessions; a new or reset password must be changed at the next sign-in."
      />
      <AdminNav current="/admin/users" />
      <AdminForm
        id="new-user"
        title="Create a user"
        submitLabel="Create user"
        action={createUserAction}
        fields={[
          { name: "email", label: "E-mail", type: "email", autoComplete: "off" },
          { name: "name", label: "Name", type: "text" },
          { name: "role", label: "Role", type: "select", options: ROLES, placeholder: "Choose…" },
          {
            name: "resellerId",
            label: "Reseller",
            type: "select",
            options: resellers.map((r) => ({ value: r.id, label: r.name })),
            placeholder: "None (support, admin)",
            hint: "Only for reseller users",
          },
          {
            name: "password",
            label: "Initial password",
            type: "password",
            hint: NEW_PASSWORD_HINT,
            autoComplete: "new-password",
          },
        ]}
      />
      <ul className="mt-6 space-y-3">
        {users.map((u) => (
          <li key={u.id} className="rounded-md border border-slate-200 bg-white p-4" data-user={u.email}>
            <p className="font-semibold">
              {u.name} <span className="font-normal text-slate-700">&lt;{u.email}&gt;</span>
            </p>
            <p className="text-sm text-slate-700">
              {ROLES.find((r) => r.value === u.role)?.label}
              {u.reseller ? ` of ${u.reseller.name}` : ""} ·{" "}
              {u.disabledAt ? (
                <span className="font-medium text-red-800">disabled</span>
              ) : (
                <span className="text-green-800">active</span>
              )}{" "}
              · {u.totpEnabledAt ? "two-factor on" : "two-factor off"}
              {u.mustChangePassword ? " · must change password" : ""}
            </p>
            {u.id === viewer.id ? (
              <p className="text-sm text-slate-600">This is you.</p>
            ) : (
              <details className="mt-2">
                <summary className="cursor-pointer text-sm text-blue-800">Manage</summary>
                <div className="mt-2 grid gap-3 lg:grid-cols-2">
                  {u.disabledAt ? (
                    <AdminForm
                      id={`enable-${u.id}`}
                      title="Enable"
                      submitLabel="Enable user"
                      action={enableUserAction}
                      fields={[{ name: "userId", label: "", type: "hidden", value: u.id }]}
                    />
                  ) : (
                    <AdminForm
                      id={`disable-${u.id}`}
                      title="Disable (ends their sessions)"
                      submitLabel="Disable user"
                      variant="danger"
                      action={disableUserAction}
                      fields={[{ name: "userId", label: "", type: "hidden", value: u.id }]}
                    />
                  )}
                  <AdminForm
                    id={`reset-${u.id}`}
                    title="Reset password (ends their sessions)"
                    submitLabel="Reset password"
                    variant="secondary"
                    action={resetPasswordAction}
                    fields={[
                      { name: "userId", label: "", type: "hidden", value: u.id },
                      {
                        name: "password",
                        label: "New password",
                        type: "password",
                        hint: NEW_PASSWORD_HINT,
                        autoComplete: "new-password",
                      },
                    ]}
                  />
                  {u.totpEnabledAt ? (
                    <AdminForm
                      id={`reset-2fa-${u.id}`}
                      title="Reset two-factor sign-in (lost phone; ends their sessions)"
                      submitLabel="Reset two-factor"
                      variant="secondary"
                      action={resetTwoFactorAction}
                      fields={[{ name: "userId", label: "", type: "hidden", value: u.id }]}
                    />
                  ) : null}
                </div>
              </details>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
