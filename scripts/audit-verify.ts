// `npm run audit:verify`: checks every audit hash chain, records the run in
// audit_verification, prints the verdict and exits 1 when a chain is broken, 2 when it could not
// run (another verification was running, or the database could not be read).
import { VerificationRunning, verifyAuditChain } from "@/lib/audit/verify-chain";
import { disconnectDb } from "@/lib/db";

try {
  const result = await verifyAuditChain({ startedBy: "npm run audit:verify" });
  console.log(result.message);
  // Every broken chain, each at its first broken row (up to 100), not only the earliest of all.
  if (result.broken.length > 1)
    for (const b of result.broken) console.log(`  chain ${b.chainKey}: first broken at row ${b.id}: ${b.why}`);
  process.exitCode = result.ok ? 0 : 1;
} catch (err) {
  // Another run holds the lease (lib/run-lease.ts): not started; its result is recorded when it ends.
  console.error(
    err instanceof VerificationRunning
      ? `audit verification not started: ${err.message}; its result is recorded when it ends`
      : `audit verification could not run: ${(err as Error).message}`,
  );
  process.exitCode = 2;
} finally {
  await disconnectDb();
}
