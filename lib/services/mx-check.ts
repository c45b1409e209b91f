// "Check MX now" for a Qboxmail domain that is active with MX records to fix (state
// `active_mx_to_fix`, docs/lifecycle.md): asks Qboxmail to check the domain's MX records again
// (`PUT /api/domains/{code}/dns`, assumed, docs/upstream/qboxmail-lifecycle.md), then reads the
// domain back so the page shows the state at once instead of at the sweep's next read.
import { type Actor, auditInsertSql } from "@/lib/audit/record-audit";
import { sqlTransaction } from "@/lib/db";
import { said } from "@/lib/i18n/sentences";
import { upstreamClients } from "@/lib/upstream/clients";
import { deleteOpen } from "./activation";
import { getService } from "./queries";
import { refreshService } from "./read-live";

export type MxCheckResult = { ok: true; state: string } | { ok: false; message: string };

/**
 * Scoped by tenant here: a service of another reseller (or not a live Qboxmail domain) is refused
 * as if it did not exist. Audited as `service.mx_checked`; safe to repeat.
 */
export async function checkMxRecords(resellerId: string, serviceId: string, actor: Actor): Promise<MxCheckResult> {
  const service = await getService(resellerId, serviceId);
  if (service?.kind !== "qboxmail_domain" || service.status !== "active")
    return { ok: false, message: said("noMxCheck") };
  const q = upstreamClients().qboxmail;
  if (!q) return { ok: false, message: said("qboxmailNotConfigured") };
  // Not while the domain's delete is open, as its ownership check (activation.ts).
  if (await deleteOpen(service.id)) return { ok: false, message: said("mxCheckDeleting") };
  const asked = await q.mxCheck(service.upstreamRef);
  // A refusal is read back too, as for the ownership check: the domain may be fine already.
  const reading =
    asked.kind === "success" || asked.kind === "rejected"
      ? await refreshService({
          id: service.id,
          kind: "qboxmail_domain",
          upstreamRef: service.upstreamRef,
          naturalKey: service.naturalKey,
        })
      : undefined;
  const state = reading?.ok ? reading.state : undefined;
  await sqlTransaction(async (rows) => {
    await rows(
      auditInsertSql({
        actor,
        action: "service.mx_checked",
        resellerId,
        after: { serviceId: service.id, upstreamRef: service.upstreamRef, state: state ?? null },
        reason: asked.kind === "success" ? null : asked.message,
      }),
    );
  });
  if (asked.kind !== "success" && state !== "active")
    return { ok: false, message: said("qboxmailRefusedCheck", { message: asked.message }) };
  if (!reading?.ok) return { ok: false, message: reading?.message ?? said("readBackFailed") };
  return { ok: true, state: reading.state };
}
