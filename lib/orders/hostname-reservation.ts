// A grommunio server's host name is unique at grommunio, compared without case
// (docs/upstream/grommunio.md §4). A create order reserves nothing by its name: the upstream's
// duplicate answer decides between two creates, whichever reaches grommunio second fails
// ("already exists upstream"), and the one-owner rules keep it from taking the other's server
// (docs/reliability.md "Ownership"). A rename is different: placed against a name a create order
// still on its way holds, or the other way round, which order fails would depend on which worker
// runs first, so an order accepted earlier could fail because of one accepted later.
//
// So a rename and a server create for the same name take one advisory lock on the name, in the
// insert's transaction, and check the other side after it (docs/lifecycle.md "Renaming a
// grommunio server"): a rename is refused while another live server, an open server create or
// an open rename of another server holds the name; a create while an open rename does. The
// check is a statement after the lock, so under READ COMMITTED it sees what the other placement
// committed before the lock was granted: of two racing, the second is refused.

import { lockOn } from "@/lib/advisory-lock";
import { Prisma } from "@/lib/db";
import { vTyped } from "@/lib/i18n/validation";
import type { FieldErrors } from "@/lib/upstream/result";
import { OPEN, type Rows } from "./server-retirement";

/** Thrown inside the insert's transaction (which then rolls back): the field error to show. */
export class HostnameTaken extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super(Object.values(fieldErrors).flat().join(" "));
    this.name = "HostnameTaken";
  }
}

const lockName = (key: string) => lockOn(`grommunio-hostname:${key}`, "alone");

/** An open rename of a server other than `exceptServiceId` to `key` (lower case). */
const openRenameTo = (key: string, exceptServiceId: string | null) => Prisma.sql`
  EXISTS (SELECT 1 FROM "order" o
           WHERE o.kind = 'grommunio_server' AND o.action = 'change' AND o.status IN ${OPEN}
             AND lower(o.payload #>> '{set,hostname}') = ${key}::text
             ${exceptServiceId ? Prisma.sql`AND o.service_id <> ${exceptServiceId}::uuid` : Prisma.empty})`;

const taken = (hostname: string): FieldErrors => ({ hostname: [vTyped("hostnameInUse", { name: hostname })] });

/**
 * The guard of a rename of the server `serviceId` to `hostname`: refused while another live
 * server, an open server create or an open rename of another server has that name, whichever
 * reseller's (the name is unique across grommunio).
 */
export function serverRenameGuard(serviceId: string, hostname: string): (sql: Rows) => Promise<void> {
  const key = hostname.toLowerCase();
  return async (sql) => {
    await sql(lockName(key));
    const [row] = await sql<{ taken: boolean }>(Prisma.sql`
      SELECT (EXISTS (SELECT 1 FROM service s
                       WHERE s.kind = 'grommunio_server' AND s.status = 'active' AND s.id <> ${serviceId}::uuid
                         AND lower(s.natural_key) = ${key}::text)
              OR EXISTS (SELECT 1 FROM "order" o
                          WHERE o.kind = 'grommunio_server' AND o.action = 'create' AND o.status IN ${OPEN}
                            AND lower(o.natural_key) = ${key}::text)
              OR ${openRenameTo(key, serviceId)}) AS taken`);
    if (row?.taken) throw new HostnameTaken(taken(hostname));
  };
}

/** The guard of a grommunio server create for `hostname`: refused while an open rename holds that name. */
export function serverCreateGuard(hostname: string): (sql: Rows) => Promise<void> {
  const key = hostname.toLowerCase();
  return async (sql) => {
    await sql(lockName(key));
    const [row] = await sql<{ taken: boolean }>(Prisma.sql`SELECT ${openRenameTo(key, null)} AS taken`);
    if (row?.taken) throw new HostnameTaken(taken(hostname));
  };
}
