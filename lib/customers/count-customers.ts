// Customer count for one reseller's dashboard; the reseller id comes from requireResellerAccess().
import { db } from "@/lib/db";

export function countCustomers(resellerId: string): Promise<number> {
  return db().customer.count({ where: { resellerId } });
}
