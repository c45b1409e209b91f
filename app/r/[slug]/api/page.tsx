import type { Metadata } from "next";
import Link from "next/link";
import { ActionButton } from "@/app/ui/button";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, TableHead, Td } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { listApiTokens } from "@/lib/api/tokens";
import { requireResellerAccess } from "@/lib/auth/session";
import { ResellerNav } from "../_components/reseller-nav";
import { createTokenAction, revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./create-token-form";

export const metadata: Metadata = { title: "API access" };
export const dynamic = "force-dynamic";

function tokenState(t: { revokedAt: Date | null; expiresAt: Date | null }): string {
  if (t.revokedAt) return "Revoked";
  if (t.expiresAt && t.expiresAt <= new Date()) return "Expired";
  return "Active";
}

export default async function ApiAccessPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const tokens = await listApiTokens(reseller.id);
  const link = "font-medium text-blue-800 underline underline-offset-2";
  return (
    <>
      <ResellerNav slug={slug} current="api" />
      <main className="space-y-8">
        <PageHeader
          title="API access"
          description="Tokens let your billing or automation place and read orders with the same rules as this portal."
        />
        <p className="text-sm">
          Read the{" "}
          <Link className={link} href={`/r/${slug}/api/reference`}>
            API reference
          </Link>{" "}
          (or fetch{" "}
          <a className={link} href="/api/v1/openapi.json">
            openapi.json
          </a>
          ), and set up{" "}
          <Link className={link} href={`/r/${slug}/webhooks`}>
            webhooks
          </Link>{" "}
          to hear about order changes.
        </p>
        <section aria-labelledby="tokens-heading" className="space-y-3">
          <h2 id="tokens-heading" className="text-lg font-semibold">
            Tokens
          </h2>
          <Table caption="API tokens">
            <TableHead columns={["Name", "Token", "Scopes", "State", "Last used", "Expires", "Created"]} actions />
            <tbody className="divide-y divide-slate-100">
              {tokens.length === 0 ? <EmptyRow colSpan={8}>No tokens yet.</EmptyRow> : null}
              {tokens.map((t) => (
                <tr key={t.id}>
                  <Td className="font-medium">{t.name}</Td>
                  <Td>
                    <code>{t.prefix}…</code>
                  </Td>
                  <Td>{t.scopes.join(", ")}</Td>
                  <Td>{tokenState(t)}</Td>
                  <Td>{t.lastUsedAt ? <TimeText at={t.lastUsedAt} /> : "Never"}</Td>
                  <Td>{t.expiresAt ? <TimeText at={t.expiresAt} /> : "Never"}</Td>
                  <Td>
                    <TimeText at={t.createdAt} /> by {t.createdBy.email}
                  </Td>
                  <Td>
                    {t.revokedAt ? null : (
                      <ActionButton
                        action={revokeTokenAction.bind(null, slug, t.id)}
                        variant="danger"
                        aria-label={`Revoke token ${t.name}`}
                      >
                        Revoke
                      </ActionButton>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
        <section aria-labelledby="new-token-heading" className="space-y-3">
          <h2 id="new-token-heading" className="text-lg font-semibold">
            New token
          </h2>
          <CreateTokenForm action={createTokenAction.bind(null, slug)} />
        </section>
      </main>
    </>
  );
}
