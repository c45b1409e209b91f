// `npm run audit:verify`: checks every audit hash chain, records the run in
// audit_verification, prints the verdict and exits 1 when a chain is broken.
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { disconnectDb } from "@/lib/db";

try {
  const result = await verifyAuditChain();
  console.log(result.message);
  // Every broken chain, each at its first broken row (up to 100), not only the earliest of all.
  if (result.broken.length > 1)
    for (const b of result.broken) console.log(`  chain ${b.chainKey}: first broken at row ${b.id}: ${b.why}`);
  process.exitCode = result.ok ? 0 : 1;
} catch (err) {
  console.error(`audit verification could not run: ${(err as Error).message}`);
  process.exitCode = 2;
} finally {
  await disconnectDb();
}
