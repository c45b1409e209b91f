import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { ConfirmActionButton } from "@/app/ui/confirm-action-button";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, TableHead, Td } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { TitledSection } from "@/app/ui/titled-section";
import { listApiTokens } from "@/lib/api/tokens";
import { requireResellerAccess } from "@/lib/auth/session";
import { DATE_ONLY } from "@/lib/i18n/formats";
import { CodeList } from "../_components/code-list";
import { ResellerNav } from "../_components/reseller-nav";
import { createTokenAction, revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./create-token-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiAccess"))("title") };
}
export const dynamic = "force-dynamic";

function tokenState(t: {
  revokedAt: Date | null;
  expiresAt: Date | null;
  creatorActs: boolean;
}): "revoked" | "expired" | "creatorStopped" | "active" {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && t.expiresAt <= new Date()) return "expired";
  // The API refuses it as its creator's account stands (lib/api/tokens.ts): not "Active".
  if (!t.creatorActs) return "creatorStopped";
  return "active";
}

export default async function ApiAccessPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const [{ tokens, notListed }, t, format] = await Promise.all([
    listApiTokens(reseller.id),
    getTranslations("apiAccess"),
    getFormatter(),
  ]);
  // `orders:read` is the message key `scopeLabels.orders_read`; a scope without a label shows its code.
  const scopeMeaning = (scope: string) => {
    const key = `scopeLabels.${scope.replace(":", "_")}` as never;
    return t.has(key) ? t(key) : scope;
  };
  const link = "font-medium text-blue-800 underline underline-offset-2";
  return (
    <ClientMessages namespaces={["apiAccess", "validation"]}>
      <ResellerNav slug={slug} current="api" />
      <main id="main" className="space-y-8">
        <PageHeader title={t("title")} description={t("intro")} />
        <p className="text-sm">
          {t.rich("readThe", {
            reference: (chunks) => (
              <Link className={link} href={`/r/${slug}/api/reference`}>
                {chunks}
              </Link>
            ),
            openapi: (chunks) => (
              <a className={link} href="/api/v1/openapi.json">
                {chunks}
              </a>
            ),
            webhooks: (chunks) => (
              <Link className={link} href={`/r/${slug}/webhooks`}>
                {chunks}
              </Link>
            ),
          })}
        </p>
        <TitledSection id="tokens-heading" title={t("tokens")} className="space-y-3">
          <Table caption={t("caption")} stacked>
            <TableHead
              columns={(["name", "token", "scopes", "state", "lastUsed", "expires", "created"] as const).map((c) =>
                t(`columns.${c}`),
              )}
              actions
            />
            <tbody className="divide-y divide-slate-100">
              {tokens.length === 0 ? <EmptyRow colSpan={8}>{t("none")}</EmptyRow> : null}
              {tokens.map((token) => (
                <tr key={token.id}>
                  <Td label={t("columns.name")} className="font-medium">
                    {token.name}
                  </Td>
                  <Td label={t("columns.token")}>
                    <code>{token.prefix}…</code>
                  </Td>
                  <Td label={t("columns.scopes")}>
                    <CodeList items={token.scopes.map((scope) => ({ code: scope, meaning: scopeMeaning(scope) }))} />
                  </Td>
                  <Td label={t("columns.state")}>{t(`states.${tokenState(token)}`)}</Td>
                  <Td label={t("columns.lastUsed")}>
                    {token.lastUsedAt ? <TimeText at={token.lastUsedAt} /> : t("never")}
                  </Td>
                  <Td label={t("columns.expires")}>
                    {/* Chosen as a day and ending at its close in UTC (lib/api/tokens.ts): shown as
                        that day, not as the next morning in the viewer's time zone. */}
                    {token.expiresAt ? (
                      <time dateTime={token.expiresAt.toISOString()}>
                        {t("expiresEndOf", {
                          day: format.dateTime(token.expiresAt, { ...DATE_ONLY, timeZone: "UTC" }),
                        })}
                      </time>
                    ) : (
                      t("never")
                    )}
                  </Td>
                  <Td label={t("columns.created")}>
                    <TimeText at={token.createdAt} /> {t("createdBy", { email: token.createdBy.email })}
                  </Td>
                  <Td>
                    {/* In its place once revoked too (no button then): a Revoke that found the
                        token revoked already keeps saying so beside the row. */}
                    <ConfirmActionButton
                      action={token.revokedAt ? null : revokeTokenAction.bind(null, slug, token.id)}
                      label={t("revoke")}
                      accessibleName={t("revokeLabel", { name: token.name })}
                      consequence={t("revokeConsequence", { name: token.name })}
                      confirmLabel={t("revokeConfirm", { name: token.name })}
                      keepLabel={t("keepToken")}
                    />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {/* Every working token is listed (lib/api/tokens.ts listApiTokens); only stopped ones are left off. */}
          {notListed > 0 ? <p className="text-sm text-slate-700">{t("notListed", { count: notListed })}</p> : null}
        </TitledSection>
        <TitledSection id="new-token-heading" title={t("newToken")} className="space-y-3">
          <CreateTokenForm action={createTokenAction.bind(null, slug)} />
        </TitledSection>
      </main>
    </ClientMessages>
  );
}
