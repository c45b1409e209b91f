import type { Metadata } from "next";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, TableHead, Td } from "@/app/ui/table";
import { deviceLabel } from "@/lib/auth/device-label";
import { requireSignedIn } from "@/lib/auth/session";
import { listActiveSessions } from "@/lib/auth/sessions";
import { SignOutOthersForm, SignOutSessionForm } from "./session-forms";

export const metadata: Metadata = { title: "My sessions" };
export const dynamic = "force-dynamic";

const when = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

export default async function SessionsPage() {
  const user = await requireSignedIn();
  const sessions = await listActiveSessions(user.id);
  return (
    <>
      <PageHeader
        title="My sessions"
        description="Browsers signed in to your account. Sign out any you do not recognise, then change your password."
        actions={sessions.length > 1 ? <SignOutOthersForm /> : null}
      />
      <Table caption="Signed-in sessions">
        <TableHead columns={["Device", "Address", "Signed in", "Last seen"]} actions />
        <tbody className="divide-y divide-slate-100">
          {sessions.length === 0 ? <EmptyRow colSpan={5}>No active sessions.</EmptyRow> : null}
          {sessions.map((s) => (
            <tr key={s.id} data-testid="session-row">
              <Td>
                <span title={s.userAgent}>{deviceLabel(s.userAgent)}</span>
              </Td>
              <Td className="font-mono">{s.ip}</Td>
              <Td>{when(s.createdAt)}</Td>
              <Td>{when(s.lastSeenAt)}</Td>
              <Td>
                {s.id === user.sessionId ? (
                  <span className="text-sm font-medium text-green-800">This browser</span>
                ) : (
                  <SignOutSessionForm sessionId={s.id} label={deviceLabel(s.userAgent)} />
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
