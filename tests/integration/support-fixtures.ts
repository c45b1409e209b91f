// Rows for the support console's integration tests, written straight through Prisma (the
// reseller order form is another engineer's; these tests only need orders in given states).
import { randomUUID } from "node:crypto";
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { OrderKind, OrderStatus, Role } from "@/lib/generated/prisma/enums";

export async function makeTenant(label = randomUUID().slice(0, 8)) {
  const reseller = await db().reseller.create({
    data: { name: `Reseller ${label}`, slug: `r-${label}-${randomUUID().slice(0, 6)}` },
  });
  const user = await makeUser("reseller", reseller.id);
  const customer = await db().customer.create({ data: { resellerId: reseller.id, name: `Customer ${label}` } });
  return { reseller, user, customer };
}

export async function makeUser(role: Role, resellerId: string | null = null): Promise<Viewer & { email: string }> {
  const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
  const u = await db().user.create({ data: { email, name: `${role} person`, role, resellerId, passwordHash: "x" } });
  return { id: u.id, role: u.role, email: u.email, name: u.name };
}

type OrderInput = {
  tenant: Awaited<ReturnType<typeof makeTenant>>;
  status?: OrderStatus;
  kind?: OrderKind;
  naturalKey?: string;
  createdAt?: Date;
  updatedAt?: Date;
  upstreamRef?: string;
  lastError?: string;
};

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
      displayName: naturalKey,
      payload: { name: naturalKey },
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
