// Demo data for `npm run demo` (`npm run db:seed -- --demo`): one admin, one support user, two
// resellers with an owner and three customers each. Runs only when there are no users at all, so
// a second start keeps whatever people changed; everything is written in one transaction.
// The demo users share a password printed in the README, so they are created only when asked
// for by name (--demo): never by a deployment's migrate step (docs/security.md "Secrets").
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";

const DEMO_PASSWORD = "demo-password-2026";

const RESELLERS = [
  {
    name: "Alpine Hosting",
    slug: "alpine",
    owner: { email: "owner@alpine.example.test", name: "Anna Alpine" },
    customers: ["Bergblick Hotel", "Edelweiss Bakery", "Gipfel Consulting"],
  },
  {
    name: "Baltic Mail",
    slug: "baltic",
    owner: { email: "owner@baltic.example.test", name: "Bruno Baltic" },
    customers: ["Amber Shipping", "Dune Architects", "Lighthouse Dental"],
  },
];

async function seed(): Promise<boolean> {
  if ((await db().user.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db().$transaction(async (tx) => {
    await tx.user.create({ data: { email: "admin@example.test", name: "Ada Admin", role: "admin", passwordHash } });
    await tx.user.create({
      data: { email: "support@example.test", name: "Sam Support", role: "support", passwordHash },
    });
    for (const r of RESELLERS) {
      await tx.reseller.create({
        data: {
          name: r.name,
          slug: r.slug,
          users: { create: { email: r.owner.email, name: r.owner.name, role: "reseller", passwordHash } },
          customers: {
            create: r.customers.map((name, i) => ({
              name,
              email: `office@${name.toLowerCase().replace(/[^a-z]+/g, "-")}.example.test`,
              reference: `${r.slug.toUpperCase()}-${1001 + i}`,
            })),
          },
        },
      });
    }
  });
  return true;
}

const isMain = process.argv[1]?.endsWith("seed.ts");
if (isMain && !process.argv.includes("--demo")) {
  console.error(
    "Refusing to seed: the demo users have a published password. Pass --demo to create them on purpose (npm run demo does); for a real first admin use scripts/create-admin.ts.",
  );
  process.exit(2);
}
if (isMain) {
  try {
    const created = await seed();
    console.log(created ? "Seeded demo data." : "Users exist already; seed skipped.");
  } finally {
    await disconnectDb();
  }
}
