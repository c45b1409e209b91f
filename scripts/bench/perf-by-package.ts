// Diagnostic: where a worker's on-CPU samples go, by the package of each sample's nearest
// JavaScript frame, and (given two profiles) what one spends per order that the other does not.
// Input is the text of `perf script` for a `perf record -g` of a node process started with
// `--perf-basic-prof` (docs/benchmarks/worker.md "The pipeline and the bare step side by side, per order" gives the
// commands). A sample without a JavaScript frame (GC threads, the compiler, the kernel under
// libuv) is counted as "native". The shares become µs per order through the CPU per order the
// benchmark printed for the same run, so two runs at different rates compare.
// Prints figures; asserts nothing.
//   Run: npx tsx scripts/bench/perf-by-package.ts <a.txt> <a CPU ms per order> [<b.txt> <b CPU ms per order>]
import fs from "node:fs";

type Profile = { samples: number; byPackage: Map<string, number>; byFunction: Map<string, number> };

/** One frame line of `perf script`: "<address> <symbol>+0x<offset> (<dso>)" → the bare symbol. */
function symbolOf(line: string): string {
  return line
    .trim()
    .replace(/^[0-9a-f]+\s+/, "")
    .replace(/\s*\([^()]*\)$/, "")
    .replace(/\+0x[0-9a-f]+$/, "");
}

function packageOf(jsFrame: string | undefined): string {
  if (!jsFrame) return "native (GC, compiler, kernel; no JS frame)";
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(jsFrame);
  if (dep) return dep[1]!;
  // The compiled worker (scripts/build-worker.mjs); the bare step's own file, run by tsx, is "other".
  if (jsFrame.includes("dist/worker/")) return "our bundle";
  if (/ node:/.test(jsFrame)) return "Node's own modules";
  return "other";
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function readProfile(file: string): Profile {
  const p: Profile = { samples: 0, byPackage: new Map(), byFunction: new Map() };
  for (const block of fs.readFileSync(file, "utf8").split(/\n\s*\n/)) {
    const frames = block
      .split("\n")
      .slice(1)
      .filter((l) => l.trim())
      .map(symbolOf);
    if (!frames.length) continue;
    p.samples++;
    const js = frames.find((f) => f.startsWith("JS:"));
    bump(p.byPackage, packageOf(js));
    bump(p.byFunction, js ? js.replace(/^JS:[*^~]?/, "") : `native: ${frames[0]!.slice(0, 70)}`);
  }
  return p;
}

const [fileA, msA, fileB, msB] = process.argv.slice(2);
const isCpuPerOrder = (ms: string | undefined) => ms !== undefined && Number(ms) > 0;
// A profile without its CPU per order (or with a figure that is not a positive number) would
// print shares turned into nonsense µs, so it is refused rather than guessed.
if (!fileA || !isCpuPerOrder(msA) || (fileB !== undefined && !isCpuPerOrder(msB))) {
  console.error("usage: perf-by-package.ts <a.txt> <a CPU ms per order> [<b.txt> <b CPU ms per order>]");
  process.exit(2);
}
const a = readProfile(fileA);
const b = fileB ? readProfile(fileB) : undefined;
/** µs per order of `n` samples of a profile whose process spent `ms` per order in all. */
const us = (n: number, p: Profile, ms: string) => (1000 * Number(ms) * n) / p.samples;
const pad = (s: string, w: number) => s.padStart(w);

console.log(`\n== By package of the nearest JS frame (µs per order; share of samples)`);
console.log(`${pad("a", 16)}${b ? pad("b", 16) : ""}  package`);
const packages = [...new Set([...a.byPackage.keys(), ...(b?.byPackage.keys() ?? [])])].sort(
  (x, y) => (a.byPackage.get(y) ?? 0) / a.samples - (a.byPackage.get(x) ?? 0) / a.samples,
);
const cell = (p: Profile, ms: string, k: string) => {
  const n = p.byPackage.get(k) ?? 0;
  return pad(`${us(n, p, ms).toFixed(0)} µs ${((100 * n) / p.samples).toFixed(1)} %`, 16);
};
for (const k of packages) console.log(`${cell(a, msA!, k)}${b ? cell(b, msB!, k) : ""}  ${k}`);
console.log(`${pad(`${a.samples} samples`, 16)}${b ? pad(`${b.samples} samples`, 16) : ""}`);

if (b) {
  console.log(`\n== By nearest JS function: a − b, µs per order (largest first, then most negative)`);
  const fns = [...new Set([...a.byFunction.keys(), ...b.byFunction.keys()])].map((k) => {
    const ua = us(a.byFunction.get(k) ?? 0, a, msA!);
    const ub = us(b.byFunction.get(k) ?? 0, b, msB!);
    return { k, ua, ub, d: ua - ub };
  });
  fns.sort((x, y) => y.d - x.d);
  const show = (r: (typeof fns)[number]) =>
    console.log(
      `${pad(r.d.toFixed(1), 8)} ${pad(r.ua.toFixed(1), 8)} ${pad(r.ub.toFixed(1), 8)}  ${r.k.slice(0, 110)}`,
    );
  console.log(`${pad("a − b", 8)} ${pad("a", 8)} ${pad("b", 8)}  function`);
  for (const r of fns.slice(0, 30)) show(r);
  console.log("   …");
  for (const r of fns.slice(-8)) show(r);
}
