// Rows for tests, written straight through Prisma: these tests are about what happens to orders,
// customers and users, not about sign-in or the admin forms. Every name carries a random tag so
// test files sharing one database never collide. What production code creates (orders through
// placeOrder, users through the admin functions) is created that way in the tests that test it.
import { randomInt, randomUUID } from "node:crypto";
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrderAction, OrderKind, OrderStatus, Role } from "@/lib/generated/prisma/enums";
import { registerGrommunioServer, shareGrommunioServer } from "../../scripts/lib/shared-grommunio-server";

export const tag = () => randomUUID().slice(0, 8);

export type Limits = { maxDomains?: number; maxManagers?: number; maxServers?: number };

export type TestUser = Viewer & { email: string; resellerId: string | null };

export async function makeReseller(options: { label?: string; limits?: Limits } = {}) {
  const label = options.label ?? tag();
  return db().reseller.create({
    data: { name: `Reseller ${label}`, slug: `r-${label}-${tag().slice(0, 6)}`, ...options.limits },
  });
}

/** A user of any role; `passwordHash` is a placeholder unless a test signs in with it. */
export async function makeUser(role: Role, resellerId: string | null = null, passwordHash = "x"): Promise<TestUser> {
  const email = `${role}-${tag()}@example.test`;
  const u = await db().user.create({ data: { email, name: `${role} person`, role, resellerId, passwordHash } });
  return { id: u.id, role: u.role, email: u.email, name: u.name, resellerId: u.resellerId };
}

async function makeCustomer(resellerId: string, name = `Customer ${tag()}`) {
  return db().customer.create({ data: { resellerId, name } });
}

/** A reseller with one reseller user and one customer: what most order tests start from. */
export async function makeTenant(options: { label?: string; limits?: Limits } = {}) {
  const label = options.label ?? tag();
  const reseller = await makeReseller({ label, limits: options.limits });
  const user = await makeUser("reseller", reseller.id);
  const customer = await makeCustomer(reseller.id, `Customer ${label}`);
  return { tag: label, reseller, user, customer };
}

export type Tenant = Awaited<ReturnType<typeof makeTenant>>;

export type OrderInput = {
  /** Whose order: a tenant, or any reseller, user and customer by ID. */
  tenant: { reseller: { id: string }; user: { id: string }; customer: { id: string } };
  status?: OrderStatus;
  kind?: OrderKind;
  naturalKey?: string;
  /** The name shown (a Unicode name's ASCII form is the natural key); the natural key when absent. */
  displayName?: string;
  createdAt?: Date;
  updatedAt?: Date;
  upstreamRef?: string;
  lastError?: string;
  /** What the order asks for; `{ name: naturalKey }` when absent. */
  payload?: Prisma.InputJsonObject;
  /** A change, suspension or deletion of an existing service (`serviceId`); a create when absent. */
  action?: OrderAction;
  serviceId?: string;
};

/** An order row in a given state, for tests about reading or acting on orders (not placing them). */
export async function makeOrder(i: OrderInput) {
  const kind = i.kind ?? "qboxmail_domain";
  const naturalKey = i.naturalKey ?? `d-${randomUUID().slice(0, 12)}.example`;
  const o = await db().order.create({
    data: {
      resellerId: i.tenant.reseller.id,
      customerId: i.tenant.customer.id,
      createdById: i.tenant.user.id,
      kind,
      provider: kind.startsWith("qboxmail") ? "qboxmail" : "grommunio",
      status: i.status ?? "queued",
      naturalKey,
      displayName: i.displayName ?? naturalKey,
      payload: i.payload ?? { name: naturalKey },
      action: i.action,
      serviceId: i.serviceId,
      idempotencyKey: randomUUID(),
      upstreamRef: i.upstreamRef,
      lastError: i.lastError,
      ...(i.createdAt ? { createdAt: i.createdAt } : {}),
    },
  });
  // updated_at is maintained by Prisma on writes; tests that need an old one set it directly.
  if (i.updatedAt)
    await db()
      .$executeRaw`UPDATE "order" SET updated_at = ${i.updatedAt.toISOString()}::timestamptz WHERE id = ${o.id}::uuid`;
  return o;
}

export type ServiceInput = {
  /** Whose service: a tenant, or any reseller and customer by ID. */
  tenant: { reseller: { id: string }; customer: { id: string } };
  kind?: OrderKind;
  /** The name, also shown; a random domain name when absent. */
  naturalKey?: string;
  /** The upstream's code or ID; a random one of the kind's form when absent. */
  upstreamRef?: string;
  /** The create order that brought it into being, as the pipeline links it. */
  createOrderId?: string;
};

/**
 * An upstream reference of the kind's own form, drawn at random: a Qboxmail domain code, a
 * manager code, or a grommunio ID above the small ones the simulators hand out in order.
 */
function randomUpstreamRef(kind: OrderKind): string {
  const digits = (n: number) => String(randomInt(0, 10 ** n)).padStart(n, "0");
  if (kind === "qboxmail_manager") return `MN${digits(8)}`;
  if (kind.startsWith("grommunio")) return String(1_000_000 + randomInt(0, 2 ** 31 - 1_000_001));
  return `D${digits(9)}`;
}

const isLiveRefTaken = (e: unknown) =>
  (e as { code?: string })?.code === "P2002" && JSON.stringify(e).includes("service_live_upstream_ref_key");

/** A service row (active), for tests about reading or changing services rather than creating them. */
export async function makeService(i: ServiceInput) {
  const kind = i.kind ?? "qboxmail_domain";
  const naturalKey = i.naturalKey ?? `s-${randomUUID().slice(0, 12)}.example`;
  // Test files share one database and live references are unique per kind, so a drawn reference
  // can meet one already taken; another draw is then as good. A reference the caller chose is
  // never replaced.
  for (let attempt = 1; ; attempt++) {
    try {
      return await db().service.create({
        data: {
          resellerId: i.tenant.reseller.id,
          customerId: i.tenant.customer.id,
          kind,
          provider: kind.startsWith("qboxmail") ? "qboxmail" : "grommunio",
          upstreamRef: i.upstreamRef ?? randomUpstreamRef(kind),
          naturalKey,
          displayName: naturalKey,
          createOrderId: i.createOrderId,
        },
      });
    } catch (e) {
      if (i.upstreamRef !== undefined || attempt >= 5 || !isLiveRefTaken(e)) throw e;
    }
  }
}

// Stands for the admin who shares servers; the share's audit event names it.
const SHARING_ADMIN: Viewer = {
  id: "00000000-0000-4000-8000-00000000ad01",
  role: "admin",
  email: "admin@example.test",
};

/**
 * Lets this tenant order grommunio domains with the home server left empty: an admin shares the
 * pool server (registered on the grommunio in use, created there once) with it, as the admin's
 * resellers page does. Without a usable server such an order is refused (docs/security.md).
 * Returns the server's upstream ID.
 */
export async function giveUsableGrommunioServer(t: { reseller: { id: string } }): Promise<number> {
  const serverId = await registerGrommunioServer();
  await shareGrommunioServer(SHARING_ADMIN, t.reseller.id, serverId);
  return serverId;
}
