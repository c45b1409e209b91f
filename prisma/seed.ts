// Demo data for `npm run demo` (`npm run db:seed -- --demo`): one admin, one support user, two
// resellers with an owner and three customers each. Runs only when there are no users at all, so
// a second start keeps whatever people changed; everything is written in one transaction.
// With --share-grommunio-server (the demo passes it when it runs the simulators) the pool server
// is registered on the configured grommunio and the admin shares it with Alpine Hosting, so that
// reseller can order grommunio domains at once; Baltic Mail has no server until it orders one or
// an admin shares one (docs/security.md "Upstream identifiers").
// The demo users share a password printed in the README, so they are created only when asked
// for by name (--demo): never by a deployment's migrate step (docs/security.md "Secrets").
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import { registerGrommunioServer, shareGrommunioServer } from "../scripts/lib/shared-grommunio-server";

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

async function seed(options: { shareServer: boolean }): Promise<boolean> {
  if ((await db().user.count()) > 0) return false;
  // Registered first: if grommunio is not reachable nothing is written and the next start retries.
  const serverId = options.shareServer ? await registerGrommunioServer() : null;
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
  if (serverId !== null) {
    const admin = await db().user.findUniqueOrThrow({ where: { email: "admin@example.test" } });
    const alpine = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
    await shareGrommunioServer({ id: admin.id, role: "admin", email: admin.email }, alpine.id, serverId);
  }
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
    const created = await seed({ shareServer: process.argv.includes("--share-grommunio-server") });
    console.log(created ? "Seeded demo data." : "Users exist already; seed skipped.");
  } finally {
    await disconnectDb();
  }
}
