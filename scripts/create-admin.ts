// Creates an admin account with a random password, printed once, for a portal without the demo
// users (production, docker compose). Audited like every admin change.
//   node --import tsx scripts/create-admin.ts <email> [name]
import { randomBytes } from "node:crypto";
import { createUserAudited } from "@/lib/admin/users";
import { disconnectDb } from "@/lib/db";

const [email, name = "Administrator"] = process.argv.slice(2);
if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) {
  console.error("usage: node --import tsx scripts/create-admin.ts <email> [name]");
  process.exit(2);
}
// 24 random bytes: 32 characters, far from any common-password list.
const password = randomBytes(24).toString("base64url");
try {
  await createUserAudited(
    { type: "system", label: "scripts/create-admin.ts" },
    { email, name, role: "admin", password, reason: "created from the command line" },
  );
  console.log(`Admin ${email} created. Password (shown once, change it after signing in):\n${password}`);
} catch (err) {
  console.error(`Could not create ${email}: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await disconnectDb();
}
