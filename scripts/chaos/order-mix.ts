// What the chaos run orders: a weighted mix of entries, each able to place one order. The
// default mix is the four create kinds plus changes, suspensions and deletes of services that
// earlier orders of the same run created (each service gets at most one, so every change can be
// matched with what the simulator committed for it); another mix can be passed to runChaos.
import type { Viewer } from "@/lib/auth/session";
import { ORDER_KINDS, type OrderKind } from "@/lib/orders/vocabulary";

type Sim = "grommunio" | "qboxmail";

export type Placed = {
  orderId: string;
  naturalKey: string;
  /** Where the simulator ledger records what this order creates: checked for duplicates and adoption. */
  creates?: { sim: Sim; ledgerKind: string };
  /** A change order: where the ledger records the changes it commits on the resource `ref`. */
  changes?: { sim: Sim; ledgerKind: string; ref: string; action: string };
};

export type MixContext = { user: Viewer; customerId: string; runTag: string };

export type MixEntry = {
  name: string;
  weight: number;
  /** Places order number `n` (idempotent on retry: same n, same idempotency key). */
  place: (ctx: MixContext, n: number) => Promise<Placed>;
};

// Long and unusual, so no common-password rule refuses it; never printed.
const PASSWORD = "Chaos-Run-Secret-4417!";

async function placeKind(ctx: MixContext, n: number, kind: string, form: Record<string, unknown>, key: string) {
  const { placeOrder } = await import("@/lib/orders/place-order");
  const r = await placeOrder(ctx.user, {
    customerId: ctx.customerId,
    kind,
    idempotencyKey: `chaos-${ctx.runTag}-${n}`,
    form,
  });
  if (!r.ok) throw new Error(`order ${n} (${kind}) refused: ${JSON.stringify(r)}`);
  return { orderId: r.orderId, naturalKey: key };
}

const CREATE_MIX: MixEntry[] = [
  {
    name: "qboxmail_domain",
    weight: 4,
    place: async (ctx, n) => {
      const name = `c${ctx.runTag}-${n}.example.com`;
      const form = {
        name,
        postmaster_password: PASSWORD,
        postmaster_password_confirmation: PASSWORD,
        plan: "professional",
        company: "Chaos",
      };
      return {
        ...(await placeKind(ctx, n, "qboxmail_domain", form, name)),
        creates: { sim: "qboxmail", ledgerKind: "domain" },
      };
    },
  },
  {
    name: "qboxmail_manager",
    weight: 2,
    place: async (ctx, n) => {
      const email = `m${ctx.runTag}-${n}@example.com`;
      const form = {
        email_address: email,
        firstname: "Chaos",
        lastname: `Manager ${n}`,
        password: PASSWORD,
        password_confirmation: PASSWORD,
      };
      return {
        ...(await placeKind(ctx, n, "qboxmail_manager", form, email)),
        creates: { sim: "qboxmail", ledgerKind: "manager" },
      };
    },
  },
  {
    name: "grommunio_domain",
    weight: 3,
    place: async (ctx, n) => {
      const domainname = `g${ctx.runTag}-${n}.example.com`;
      const form = { domainname, maxUser: 10, title: `Chaos ${n}` };
      return {
        ...(await placeKind(ctx, n, "grommunio_domain", form, domainname)),
        creates: { sim: "grommunio", ledgerKind: "domain" },
      };
    },
  },
  {
    name: "grommunio_server",
    weight: 1,
    place: async (ctx, n) => {
      const hostname = `mx${ctx.runTag}-${n}.example.com`;
      const form = { hostname, extname: `ext-${hostname}` };
      return {
        ...(await placeKind(ctx, n, "grommunio_server", form, hostname)),
        creates: { sim: "grommunio", ledgerKind: "server" },
      };
    },
  },
];

/** The entry for order number `n`: deterministic, so the mix is the same on every run. */
export function pickEntry(mix: MixEntry[], n: number): MixEntry {
  const total = mix.reduce((s, e) => s + e.weight, 0);
  let slot = (n * 7919) % total;
  for (const e of mix) {
    if (slot < e.weight) return e;
    slot -= e.weight;
  }
  return mix[0]!;
}

const LEDGER_KIND: Record<string, { sim: Sim; ledgerKind: string }> = {
  qboxmail_domain: { sim: "qboxmail", ledgerKind: "domain" },
  qboxmail_manager: { sim: "qboxmail", ledgerKind: "manager" },
  grommunio_domain: { sim: "grommunio", ledgerKind: "domain" },
  grommunio_server: { sim: "grommunio", ledgerKind: "server" },
};

/** A value no earlier order set, so a read-back can only find it applied if this order applied it. */
function changeForm(kind: string, n: number): Record<string, string> {
  switch (kind) {
    case "grommunio_domain":
      return { maxUser: String(1_000 + n), title: `Chaos change ${n}` };
    case "grommunio_server":
      return { extname: `ext-change-${n}.chaos.example.com` };
    case "qboxmail_domain":
      return { max_email_accounts: String(1_000 + n) };
    default:
      return { max_domains: String(1_000 + n) };
  }
}

// Services a change of this run already targets (per run, shared by the placing lanes).
const claimed = new Map<string, Set<string>>();

/** Change order number `n` on the oldest live service of the run no change has touched yet. */
async function placeChangeOn(ctx: MixContext, n: number, action: string, kinds: readonly OrderKind[]): Promise<Placed> {
  const { db } = await import("@/lib/db");
  const { placeChange } = await import("@/lib/services/place-change");
  const taken = claimed.get(ctx.runTag) ?? new Set<string>();
  claimed.set(ctx.runTag, taken);
  const idempotencyKey = `chaos-${ctx.runTag}-${n}`;
  // A repeat after a restart: the order placed the first time, whichever service it took.
  const earlier = await db().order.findUnique({
    where: { resellerId_idempotencyKey: { resellerId: ctx.user.resellerId!, idempotencyKey } },
    select: { id: true },
  });
  if (earlier) return describePlaced(earlier.id);
  const pick = async () => {
    const candidates = await db().service.findMany({
      where: {
        resellerId: ctx.user.resellerId!,
        status: "active",
        kind: { in: [...kinds] },
        orders: { none: {} },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 100,
      select: { id: true, naturalKey: true, kind: true },
    });
    return candidates.find((c) => !taken.has(c.id));
  };
  for (;;) {
    // Early in the run the first creates may not have succeeded yet: wait a little for one.
    let service = await pick();
    for (let waited = 0; !service && waited < 8_000; waited += 500) {
      await new Promise((r) => setTimeout(r, 500));
      service = await pick();
    }
    // Still nothing to change: order something instead.
    if (!service) return pickEntry(CREATE_MIX, n).place(ctx, n);
    taken.add(service.id);
    const r = await placeChange(ctx.user, {
      serviceId: service.id,
      action,
      idempotencyKey,
      form: action === "change" ? changeForm(service.kind, n) : undefined,
      confirmName: action === "delete" ? service.naturalKey : undefined,
    });
    // A server (a Qboxmail domain) with domain (manager) orders of this run still on their way to
    // it is not deleted (docs/lifecycle.md "Deleting a grommunio server"): a refusal the portal
    // owes, so the order goes to another service.
    if (!r.ok && r.refusal === "blockedByOpenOrders") continue;
    if (!r.ok) throw new Error(`order ${n} (${action}) refused: ${JSON.stringify(r)}`);
    return describePlaced(r.orderId);
  }
}

/** What the verification needs, read from the order row itself (never from what was meant). */
async function describePlaced(orderId: string): Promise<Placed> {
  const { db } = await import("@/lib/db");
  const o = await db().order.findUniqueOrThrow({
    where: { id: orderId },
    select: { id: true, naturalKey: true, kind: true, action: true, upstreamRef: true },
  });
  const where = LEDGER_KIND[o.kind]!;
  return o.action === "create"
    ? { orderId, naturalKey: o.naturalKey, creates: where }
    : { orderId, naturalKey: o.naturalKey, changes: { ...where, ref: o.upstreamRef ?? "", action: o.action } };
}

const ALL_KINDS = ORDER_KINDS;

const CHANGE_MIX: MixEntry[] = [
  { name: "change", weight: 3, place: (ctx, n) => placeChangeOn(ctx, n, "change", ALL_KINDS) },
  { name: "suspend", weight: 1, place: (ctx, n) => placeChangeOn(ctx, n, "suspend", ["grommunio_domain"]) },
  { name: "delete", weight: 2, place: (ctx, n) => placeChangeOn(ctx, n, "delete", ALL_KINDS) },
];

/** What `npm run chaos` and the chaos test order: creates, and changes of what they created. */
export const DEFAULT_MIX: MixEntry[] = [...CREATE_MIX, ...CHANGE_MIX];
