// The admin's and support's pages hand their texts to components in the person's language
// (docs/i18n.md "What is translated"): the header's name of the console and the admin's password
// rule. The pages are server components; they are called here as Next calls them, with next-intl
// speaking Italian (German names both consoles as English does), and the texts they pass are read
// from the elements they return.
import { createTranslator } from "next-intl";
import { isValidElement, type ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import type en from "@/messages/en.json";
import it_ from "@/messages/it.json";

const messages = it_ as typeof en;
const VIEWER = { id: "00000000-0000-4000-8000-000000000001", role: "admin", resellerId: null, name: "Ada" };

vi.mock("next-intl/server", () => ({
  getTranslations: async (namespace?: string) =>
    createTranslator({ locale: "it", messages, namespace: namespace as "common" }),
}));
vi.mock("@/lib/auth/session", async (original) => ({
  ...(await original<typeof import("@/lib/auth/session")>()),
  requireRole: async () => VIEWER,
}));
vi.mock("@/lib/admin/users", async (original) => ({
  ...(await original<typeof import("@/lib/admin/users")>()),
  listUsers: async () => ({
    rows: [
      {
        id: "00000000-0000-4000-8000-000000000002",
        email: "bea@example.test",
        name: "Bea",
        role: "support",
        reseller: null,
        disabledAt: null,
        totpEnabledAt: null,
        mustChangePassword: false,
      },
    ],
  }),
}));
vi.mock("@/lib/support/reseller-options", () => ({
  resellerChoices: async () => ({ searchable: false, options: [] }),
}));

/** Every element in `node`, its props' elements included (forms are given as props). */
function elements(node: unknown, out: { type: unknown; props: Record<string, unknown> }[] = []) {
  if (Array.isArray(node)) for (const n of node) elements(n, out);
  else if (isValidElement(node)) {
    const props = node.props as Record<string, unknown>;
    out.push({ type: node.type, props });
    for (const value of Object.values(props)) elements(value, out);
  }
  return out;
}

describe("staff pages in Italian", () => {
  it("the header names the administration and the support console in Italian", async () => {
    const { default: AdminLayout } = await import("@/app/admin/layout");
    const { default: SupportLayout } = await import("@/app/support/layout");
    const { AppHeader } = await import("@/app/components/app-header");
    const contextOf = async (layout: (p: { children: ReactNode }) => Promise<ReactNode>) =>
      elements(await layout({ children: null })).find((e) => e.type === AppHeader)?.props.context;
    expect(await contextOf(AdminLayout)).toBe("Amministrazione");
    expect(await contextOf(SupportLayout)).toBe("Assistenza");
  });

  it("the admin's password fields give the password rule in Italian", async () => {
    const { default: UsersPage } = await import("@/app/admin/users/page");
    const tree = await UsersPage({ searchParams: Promise.resolve({}) });
    const hints = elements(tree)
      .flatMap((e) => (Array.isArray(e.props.fields) ? e.props.fields : []))
      .filter((f: { type?: string }) => f.type === "password")
      .map((f: { hint?: string }) => f.hint);
    // The new user's initial password and the reset form of the one listed user.
    expect(hints).toEqual([
      "Almeno 12 caratteri, non una password comune",
      "Almeno 12 caratteri, non una password comune",
    ]);
  });
});
