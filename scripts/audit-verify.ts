// `npm run audit:verify`: checks every audit hash chain, records the run in
// audit_verification, prints the verdict and exits 1 when a chain is broken.
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { disconnectDb } from "@/lib/db";

try {
  const result = await verifyAuditChain();
  console.log(result.message);
  process.exitCode = result.ok ? 0 : 1;
} catch (err) {
  console.error(`audit verification could not run: ${(err as Error).message}`);
  process.exitCode = 2;
} finally {
  await disconnectDb();
}
