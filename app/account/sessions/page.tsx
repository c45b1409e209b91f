import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, TableHead, Td } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { type DeviceWords, deviceLabel } from "@/lib/auth/device-label";
import { requireSignedIn } from "@/lib/auth/session";
import { listActiveSessions } from "@/lib/auth/sessions";
import { SignOutOthersForm, SignOutSessionForm } from "./session-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.sessions"))("title") };
}
export const dynamic = "force-dynamic";

// Where focus goes when a sign-out takes its form away (session-forms.tsx).
const TITLE_ID = "sessions-title";

export default async function SessionsPage() {
  const user = await requireSignedIn();
  const [sessions, t] = await Promise.all([listActiveSessions(user.id), getTranslations("account.sessions")]);
  const words: DeviceWords = {
    on: (browser, system) => t("deviceName.on", { browser, system }),
    unknown: t("deviceName.unknown"),
    other: t("deviceName.other"),
  };
  return (
    <ClientMessages namespaces={["account"]}>
      <PageHeader
        title={t("title")}
        titleId={TITLE_ID}
        description={t("intro")}
        actions={sessions.length > 1 ? <SignOutOthersForm focusId={TITLE_ID} /> : null}
      />
      <Table caption={t("caption")}>
        <TableHead columns={[t("device"), t("address"), t("signedIn"), t("lastSeen")]} actions />
        <tbody className="divide-y divide-slate-100">
          {sessions.length === 0 ? <EmptyRow colSpan={5}>{t("none")}</EmptyRow> : null}
          {sessions.map((s) => (
            <tr key={s.id} data-testid="session-row">
              <Td>
                <span title={s.userAgent}>{deviceLabel(s.userAgent, words)}</span>
              </Td>
              <Td className="font-mono">{s.ip}</Td>
              <Td>
                <TimeText at={s.createdAt} />
              </Td>
              <Td>
                <TimeText at={s.lastSeenAt} />
              </Td>
              <Td>
                {s.id === user.sessionId ? (
                  <span className="text-sm font-medium text-green-800">{t("thisBrowser")}</span>
                ) : (
                  <SignOutSessionForm sessionId={s.id} label={deviceLabel(s.userAgent, words)} focusId={TITLE_ID} />
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </ClientMessages>
  );
}
