// After `npm install`, drop optionalDependencies entries that the registry mirror could not
// serve (non-Linux platform builds). npm leaves them out of the lock's packages but keeps the
// names in optionalDependencies, and `npm ci` then fails with "Missing: … from lock file".
import fs from "node:fs";

const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
let removed = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  if (!pkg.optionalDependencies) continue;
  const base = key === "" ? "" : `${key}/`;
  for (const name of Object.keys(pkg.optionalDependencies)) {
    const present = lock.packages[`${base}node_modules/${name}`] || lock.packages[`node_modules/${name}`];
    if (!present) {
      delete pkg.optionalDependencies[name];
      removed++;
    }
  }
}
fs.writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`prune-lock: removed ${removed} unavailable optional dependencies`);
