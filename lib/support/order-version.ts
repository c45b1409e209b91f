// The cheap read behind support's live order page: the order's version and status only, so the
// page can poll every couple of seconds and re-render only when something changed.

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { OrderStatus } from "@/lib/generated/prisma/enums";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function supportOrderVersion(
  viewer: Viewer,
  id: string,
): Promise<{ version: number; status: OrderStatus } | null> {
  assertStaff(viewer);
  if (!UUID.test(id)) return null;
  return db().order.findUnique({ where: { id }, select: { version: true, status: true } });
}
