// Shared helpers for the Qboxmail contract tests: the simulator the integration stack started,
// its control routes, and a client pointed at it.
import { db } from "@/lib/db";
import { type CheckResult, checkOwnership } from "@/lib/services/activation";
import { QboxmailClient } from "@/lib/upstream/qboxmail/client";
import type { QboxmailDomainCreate, QboxmailManagerCreate } from "@/lib/upstream/qboxmail/types";

const qboxUrl = () => process.env.QBOXMAIL_API_URL!;
const qboxToken = () => process.env.QBOXMAIL_API_TOKEN!;
const origin = () => process.env.SIM_QBOXMAIL_ORIGIN!;

export const qboxClient = (opts: { timeoutMs?: number; token?: string; perPage?: number; baseUrl?: string } = {}) =>
  new QboxmailClient({
    baseUrl: opts.baseUrl ?? qboxUrl(),
    token: opts.token ?? qboxToken(),
    timeoutMs: opts.timeoutMs ?? 5000,
    perPage: opts.perPage,
  });

export async function resetQboxSim(): Promise<void> {
  const r = await fetch(`${origin()}/__sim/reset`, { method: "POST" });
  if (r.status !== 204) throw new Error(`reset failed: ${r.status}`);
}

/** Sets the simulator's quirks (POST /__sim/settings) for the tests that follow. */
export async function qboxSetting(settings: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${origin()}/__sim/settings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(settings),
  });
  if (r.status !== 200) throw new Error(`setting refused: ${r.status} ${await r.text()}`);
}

/** Dates a domain's or a manager's creation back, as one made in the panel long ago reads. */
export async function qboxCreatedAt(code: string, createdAt: Date): Promise<void> {
  const r = await fetch(`${origin()}/__sim/qboxmail/created-at`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code, created_at: createdAt.toISOString() }),
  });
  if (r.status !== 200) throw new Error(`created_at refused: ${r.status} ${await r.text()}`);
}

export async function qboxFault(fault: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${origin()}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (r.status !== 201) throw new Error(`fault rejected: ${r.status} ${await r.text()}`);
}

type Ledger = {
  created: { kind: string; key: string; ref: string; fields: Record<string, unknown> }[];
  duplicates: { kind: string; key: string }[];
};
export async function qboxLedger(): Promise<Ledger> {
  return (await (await fetch(`${origin()}/__sim/ledger`)).json()) as Ledger;
}

const PASSWORD = "Fjordkite-70";
export const domainBody = (name: string, extra: Partial<QboxmailDomainCreate> = {}): QboxmailDomainCreate => ({
  name,
  postmaster_password: PASSWORD,
  postmaster_password_confirmation: PASSWORD,
  ...extra,
});
export const managerBody = (email: string, extra: Partial<QboxmailManagerCreate> = {}): QboxmailManagerCreate => ({
  email_address: email,
  firstname: "Ada",
  lastname: "Lovelace",
  password: "Ledgerfox2024",
  password_confirmation: "Ledgerfox2024",
  ...extra,
});

/** Raw POST, for what the typed client cannot send (wrong types, bad JSON). */
export async function rawPost(path: string, body: string, headers: Record<string, string> = {}) {
  const r = await fetch(`${qboxUrl()}${path}`, {
    method: "POST",
    headers: { "X-Api-Token": qboxToken(), "Content-Type": "application/json", Accept: "application/json", ...headers },
    body,
  });
  return {
    status: r.status,
    headers: r.headers,
    json: (await r.json().catch(() => undefined)) as {
      message: string;
      errors: { field: string; description: string }[];
      resource_code?: string;
    },
  };
}

export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

type WaitingDomain = { id: string; resellerId: string; upstreamRef: string; naturalKey: string };

/**
 * Publishes a domain service's ownership record (`possessionRecord`, the label its reading shows)
 * in the simulator's DNS and has the portal check it, as the sweep does, until Qboxmail no longer
 * reads the domain waiting (at most 10 s): the last check's result.
 */
export async function publishAndCheckOwnership(
  service: WaitingDomain,
  possessionRecord: string,
  actor: Parameters<typeof checkOwnership>[1],
): Promise<CheckResult> {
  const dns = await fetch(`${origin()}/__sim/qboxmail/dns`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: `${possessionRecord}.${service.naturalKey}`, value: "185.97.217.16" }),
  });
  if (dns.status !== 200) throw new Error(`publishing the record failed: ${dns.status}`);
  const checkCount = async () => (await db().service.findUniqueOrThrow({ where: { id: service.id } })).checkCount;
  let result = await checkOwnership({ ...service, checkCount: 0 }, actor);
  for (let i = 0; i < 40 && result.ok && result.state === "ownership_check"; i++) {
    await new Promise((r) => setTimeout(r, 250));
    result = await checkOwnership({ ...service, checkCount: await checkCount() }, actor);
  }
  return result;
}

/** The simulator's record of a Qboxmail domain, as GET /api/domains/{code} answers it. */
export async function qboxDomainRecord(code: string): Promise<Record<string, unknown>> {
  const r = await fetch(`${origin()}/api/domains/${code}`, { headers: { "X-Api-Token": qboxToken() } });
  return ((await r.json()) as { resources: Record<string, unknown>[] }).resources[0]!;
}

/**
 * Enables a domain the simulator holds, as its owner would: publishes the ownership record in the
 * simulator's DNS and asks Qboxmail to check it. A domain must be enabled before it can be disabled.
 */
export async function enableQboxDomain(code: string, name: string): Promise<void> {
  const record = `${(await qboxDomainRecord(code)).possession_a_record}.${name}`;
  const dns = await fetch(`${origin()}/__sim/qboxmail/dns`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: record, value: "185.97.217.16" }),
  });
  if (dns.status !== 200) throw new Error(`dns record refused: ${dns.status}`);
  await fetch(`${origin()}/api/domains/${code}/dns_ownership_check`, {
    method: "PUT",
    headers: { "X-Api-Token": qboxToken() },
  });
}
