// Activation help (docs/lifecycle.md). Qboxmail: a new domain stays unusable until the owner
// publishes an A record and Qboxmail verifies it; the portal shows the record, checks on demand
// ("check now") and re-checks on its own with backoff until the domain is enabled. grommunio:
// nothing to activate, but the domain needs MX and autodiscover records pointing at its server.
import { domainToASCII } from "node:url";
import { type Actor, auditInsertSql } from "@/lib/audit/record-audit";
import { Prisma, sqlRows, sqlTransaction } from "@/lib/db";
import { said } from "@/lib/i18n/sentences";
import { OPEN } from "@/lib/orders/server-retirement";
import { upstreamClients } from "@/lib/upstream/clients";
import { QBOXMAIL_OWNERSHIP_A_VALUE } from "@/lib/upstream/qboxmail/client";
import { refreshService } from "./read-live";
import { sharedReading } from "./shared-reading";

/**
 * `why` names the record's purpose; the page words it in the person's language
 * (services.activation.why, docs/i18n.md "The service page").
 */
export type DnsRecord = {
  name: string;
  type: string;
  value: string;
  why: "ownership" | "mx" | "autodiscover" | "autoconfig";
  /** Built by the portal because Qboxmail could not be asked: the address is an assumption. */
  unconfirmed?: true;
};

/**
 * The ownership record Qboxmail expects. Asked of Qboxmail first: its synchronous check answers
 * the record (`expected_record`), the one authoritative source of the name and the address
 * (docs/upstream/qboxmail-lifecycle.md); that check is safe to repeat, and queues the activation
 * if the record already resolves. When it cannot be read, the record is built from the domain's
 * `possession_a_record` and the address third-party clients use.
 */
export async function ownershipRecord(
  domain: string,
  code: string,
  settings: Record<string, unknown>,
): Promise<DnsRecord | null> {
  const asked = await upstreamClients().qboxmail?.ownershipSync(code);
  const expected = asked?.kind === "success" ? asked.data.expected : undefined;
  if (expected) return { ...expected, name: withinDomain(expected.name, domain), why: "ownership" };
  const label = settings.possession_a_record;
  if (typeof label !== "string" || !label) return null;
  // Marked so the page says it is the address Qboxmail has used, not one it gave for this domain.
  return {
    name: `${label}.${domain}`,
    type: "A",
    value: QBOXMAIL_OWNERSHIP_A_VALUE,
    why: "ownership",
    unconfirmed: true,
  };
}

/** A record name as the owner types it in their zone: under the domain, whether Qboxmail gave it whole or not. */
function withinDomain(name: string, domain: string): string {
  const bare = name.replace(/\.$/, "");
  const lower = bare.toLowerCase();
  const ascii = domainToASCII(domain) || domain;
  const under = (d: string) => lower === d.toLowerCase() || lower.endsWith(`.${d.toLowerCase()}`);
  return under(domain) || under(ascii) ? bare : `${bare}.${domain}`;
}

/** The records a grommunio domain needs for mail and autodiscover on its server's external name. */
function grommunioRecords(domain: string, extname: string): DnsRecord[] {
  return [
    { name: domain, type: "MX", value: `10 ${extname}.`, why: "mx" },
    { name: `autodiscover.${domain}`, type: "CNAME", value: `${extname}.`, why: "autodiscover" },
    { name: `autoconfig.${domain}`, type: "CNAME", value: `${extname}.`, why: "autoconfig" },
  ];
}

/** Delay before the n-th automatic re-check (n from 0): 1, 2, 4 … minutes, at most 6 hours. */
function recheckDelayMs(n: number): number {
  return Math.min(60_000 * 2 ** Math.min(n, 20), 6 * 3_600_000);
}

export type CheckResult = { ok: true; state: string } | { ok: false; message: string };

/** Whether a delete of the service is open: then Qboxmail is asked no check of it (the sweep passes it over too). */
export async function deleteOpen(serviceId: string): Promise<boolean> {
  const rows = await sqlRows(Prisma.sql`
    SELECT 1 FROM "order" WHERE service_id = ${serviceId}::uuid AND action = 'delete' AND status IN ${OPEN} LIMIT 1`);
  return rows.length > 0;
}

/**
 * Asks Qboxmail to verify the ownership record (safe to repeat), then reads the domain back.
 * Audited; schedules the next automatic re-check while the domain still waits.
 */
export async function checkOwnership(
  service: { id: string; resellerId: string; upstreamRef: string; naturalKey: string; checkCount: number },
  actor: Actor,
): Promise<CheckResult> {
  const q = upstreamClients().qboxmail;
  if (!q) return { ok: false, message: said("qboxmailNotConfigured") };
  // Not for a domain whose delete is open, as the sweep passes it over: what activating a domain
  // Qboxmail is deleting does is not documented, and the check would re-arm the schedule.
  if (await deleteOpen(service.id)) return { ok: false, message: said("ownershipCheckDeleting") };
  const asked = await q.ownershipCheck(service.upstreamRef);
  // A refusal is read back too: Qboxmail may answer a check of a domain that is already active
  // with 422 (docs/upstream/qboxmail-lifecycle.md), and that domain must show as active.
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
  const waiting = !state || state === "ownership_check" || state === "in_progress";
  // Plain pg, as in refreshService: the worker's sweep runs this (docs/benchmarks/worker.md "Idle memory").
  const nextCheckAt = waiting ? new Date(Date.now() + recheckDelayMs(service.checkCount)).toISOString() : null;
  await sqlTransaction(async (rows) => {
    await rows(Prisma.sql`
      UPDATE service SET check_count = check_count + 1, next_check_at = ${nextCheckAt}::timestamptz
      WHERE id = ${service.id}::uuid AND status = 'active'`);
    await rows(
      auditInsertSql({
        actor,
        action: "service.ownership_checked",
        resellerId: service.resellerId,
        after: {
          serviceId: service.id,
          upstreamRef: service.upstreamRef,
          state: state ?? null,
          check: service.checkCount + 1,
        },
        reason: asked.kind === "success" ? null : asked.message,
      }),
    );
  });
  if (asked.kind !== "success" && waiting)
    return { ok: false, message: said("qboxmailRefusedCheck", { message: asked.message }) };
  if (!reading?.ok) return { ok: false, message: reading?.message ?? said("readBackFailed") };
  return { ok: true, state: reading.state };
}

/**
 * How long a service page reuses grommunio's DNS check. The check resolves every server's names
 * synchronously in one of the few request threads grommunio's API has, which the workers' creates
 * share (docs/upstream/grommunio.md §1), so a busy page must not run it on every view; a name's
 * DNS changes over minutes anyway.
 */
const DNS_CHECK_KEEP_MS = 5 * 60_000;
/**
 * How long it reuses the home server's reading, a cheap one: short, so that a server renamed
 * through the portal shows its new name within half a minute; a kept check that does not name
 * the new name yet is read again, at most this often.
 */
const SERVER_KEEP_MS = 30_000;

/** grommunio: the records for the domain's home server, and whether its external name resolves. */
export async function grommunioDnsHelp(
  domain: string,
  settings: Record<string, unknown>,
): Promise<{ records: DnsRecord[]; extname: string; resolves: boolean | undefined } | null> {
  const g = upstreamClients().grommunio;
  const home = settings.homeserver as { ID?: unknown } | null | undefined;
  if (!g || typeof home?.ID !== "number") return null;
  const serverId = home.ID;
  const found = (r: { kind: string }) => r.kind === "found";
  const server = await sharedReading(
    `grommunio server ${serverId}`,
    SERVER_KEEP_MS,
    () => g.getServer(serverId),
    found,
  );
  if (server.kind !== "found" || !server.data.extname) return null;
  const extname = server.data.extname;
  const readCheck = (maxAgeMs: number) => sharedReading("grommunio dnsCheck", maxAgeMs, () => g.dnsCheck(), found);
  let check = await readCheck(DNS_CHECK_KEEP_MS);
  if (check.kind === "found" && !Object.hasOwn(check.data.ext, extname)) check = await readCheck(SERVER_KEEP_MS);
  const resolves = check.kind === "found" ? check.data.ext[extname] : undefined;
  return { records: grommunioRecords(domain, extname), extname, resolves };
}
