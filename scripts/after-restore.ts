// `npm run restore:look-up-first`: after restoring a backup and migrating, before any worker
// starts (docs/operations.md "Restore a backup"). Prints the orders the backup left open, marks
// their creates as possibly sent so each is looked up before it is created again
// (lib/orders/after-restore.ts), and names the changes a person should check. Exits 2 when a
// worker is running on the database, or when it could not be read or written.
import { disconnectDb } from "@/lib/db";
import { liveWorkers, lookUpFirstAfterRestore, openOrdersAfterRestore } from "@/lib/orders/after-restore";

async function main(): Promise<number> {
  const live = await liveWorkers();
  if (live > 0) {
    console.error(
      `restore check not run: ${live} worker(s) are running on this database. It is for a restored database ` +
        "before any worker starts: stop them first.",
    );
    return 2;
  }
  const open = await openOrdersAfterRestore();
  if (open.length === 0) console.log("The restored database holds no open order: nothing to do.");
  for (const o of open) console.log(`open ${o.action} orders, ${o.status}: ${o.count}`);
  const marked = await lookUpFirstAfterRestore("npm run restore:look-up-first");
  console.log(`${marked} create order(s) marked to be looked up at the provider before any create.`);
  const changes = open.filter((o) => o.action !== "create").reduce((n, o) => n + o.count, 0);
  if (changes > 0)
    console.log(
      `${changes} change, suspension or deletion order(s) are open: one that went through after the backup ` +
        "is sent again when the workers start. Check them on the support console first " +
        "(cancel what the provider already shows).",
    );
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`restore check could not run: ${(err as Error).message}`);
  process.exitCode = 2;
} finally {
  await disconnectDb();
}
