// The facts about the signed-in person that order code needs. Callers pass the session user;
// every function here re-checks role and tenant itself (docs/design.md invariant 7).
import type { Actor } from "@/lib/audit/record-audit";
import type { Role } from "@/lib/generated/prisma/enums";

export type OrderUser = {
  id: string;
  role: Role;
  resellerId?: string | null;
  email?: string | null;
  name?: string | null;
};

export function userActor(user: OrderUser): Actor {
  return { type: "user", id: user.id, label: user.email ?? user.name ?? undefined };
}

/** The reseller this user may order for, or undefined (support and admin never place orders). */
export function orderingResellerId(user: OrderUser): string | undefined {
  return user.role === "reseller" && user.resellerId ? user.resellerId : undefined;
}

export function isStaff(user: OrderUser): boolean {
  return user.role === "support" || user.role === "admin";
}
