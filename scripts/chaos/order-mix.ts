// What the chaos run orders: a weighted mix of entries, each able to place one order. The
// default mix is the four create kinds; more entries (changes, deletes of what earlier orders
// created) can be added by passing another mix to runChaos, without touching the run itself.
import type { Viewer } from "@/lib/auth/session";

export type Placed = {
  orderId: string;
  naturalKey: string;
  /** Where the simulator ledger records what this order creates: checked for duplicates and adoption. */
  creates?: { sim: "grommunio" | "qboxmail"; ledgerKind: string };
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

export const CREATE_MIX: MixEntry[] = [
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
