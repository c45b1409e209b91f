// The headline table of `npm run bench` (docs/benchmarks.md): each pipeline figure beside the
// baseline measured in the same run, their ratio, and the bar. On a shared machine an absolute
// figure moves with everyone else's load; a ratio to a baseline taken minutes earlier moves less.
import type { BenchRow } from "./lib/bench-kit";

type Headline = {
  figure: string;
  /** Key of the pipeline's figure, and of its baseline (none: the figure is judged on its own). */
  of: string;
  baseline?: string;
  /** The bar on the ratio (or on the figure when there is no baseline). */
  bar?: { kind: "min" | "max"; value: number };
  /** A second bar on the absolute figure, e.g. CPU ms per order. */
  absolute?: { kind: "min" | "max"; value: number; unit: string };
};

/** A page's p95 at the large count over its p95 at 10 k, and its 50 ms bar at the large count. */
function pageRatio(page: string, opts: { ratioBar: boolean } = { ratioBar: true }): Headline {
  const key = page.replace(/\W+/g, "-");
  return {
    figure: `${page} over HTTP: p95 at the large count / at 10 k`,
    of: `pages.${key}.p95Large`,
    baseline: `pages.${key}.p95Small`,
    ...(opts.ratioBar ? { bar: { kind: "max" as const, value: 1.5 } } : {}),
    absolute: { kind: "max", value: 50, unit: "ms" },
  };
}

function headlines(L: number): Headline[] {
  return [
    {
      figure: `pipeline / bare BullMQ throughput (C=50, L=${L} ms)`,
      of: `pipeline.L${L}.rate`,
      baseline: `bare.bullmq.L${L}.rate`,
      bar: { kind: "min", value: 0.95 },
    },
    // Not bars: the row above as the product of two. The bare step makes the same upstream call and
    // durable commits with none of our bookkeeping, so its share of bare BullMQ's rate is the most
    // a pipeline with no bookkeeping at all could reach (docs/benchmarks/worker.md "The bare step at
    // L = 200 ms").
    {
      figure: `  = bare step / bare BullMQ (L=${L} ms; the bare step's rate in the first column)`,
      of: `bare.step.L${L}.rate`,
      baseline: `bare.bullmq.L${L}.rate`,
    },
    {
      figure: `  × pipeline / bare step (L=${L} ms)`,
      of: `pipeline.L${L}.rate`,
      baseline: `bare.step.L${L}.rate`,
    },
    {
      figure: "pipeline / bare step throughput (L=0, CPU bound)",
      of: "pipeline.L0.rate",
      baseline: "bare.step.L0.rate",
      bar: { kind: "min", value: 0.6 },
    },
    // The bar is on the four kinds mixed; the Qboxmail-only run is the second row (it is the run
    // the throughput ratios use, and the figure earlier rounds reported).
    ...[0, L].flatMap((l): Headline[] =>
      (["mixed", "pipeline"] as const).map((run) => ({
        figure: `worker CPU per order, ${run === "mixed" ? "4 kinds mixed" : "Qboxmail domains"} / bare step CPU per job (L=${l === 0 ? "0" : `${l} ms`})`,
        of: `${run}.L${l}.cpuWorker`,
        baseline: `bare.step.L${l}.cpu`,
        bar: { kind: "max", value: 2 },
        absolute: { kind: "max", value: 2.5, unit: "ms" },
      })),
    ),
    // Not bars: the bare step is built to make the round trips and requests the pipeline makes
    // per order (docs/benchmarks.md "The baselines"); a ratio away from 1 says it drifted.
    ...[0, L].flatMap((l): Headline[] => [
      {
        figure: `Postgres round trips per order, 4 kinds mixed (L=${l === 0 ? "0" : `${l} ms`}) / bare step per job`,
        of: `mixed.L${l}.pgRoundTrips`,
        baseline: "bare.step.pgRoundTrips",
      },
      {
        figure: `upstream HTTP requests per order, 4 kinds mixed (L=${l === 0 ? "0" : `${l} ms`}) / bare step per job`,
        of: `mixed.L${l}.httpRequests`,
        baseline: "bare.step.httpRequests",
      },
    ]),
    {
      figure: "Postgres CPU per order, ms (was 3.1)",
      of: `pipeline.L${L}.cpuPostgres`,
      bar: { kind: "max", value: 3.1 },
    },
    {
      figure: "Redis commands per order (was 27.8)",
      of: `pipeline.L${L}.redisCommands`,
      bar: { kind: "max", value: 27.8 },
    },
    {
      figure: "Postgres transactions per order (was 2.36)",
      of: `pipeline.L${L}.pgXacts`,
      bar: { kind: "max", value: 2.36 },
    },
    { figure: "worker RSS idle (30 s after start), MB", of: "worker.rssIdle", bar: { kind: "max", value: 120 } },
    {
      figure: `worker RSS under load (L=${L} ms), max MB`,
      of: `pipeline.L${L}.rssMax`,
      bar: { kind: "max", value: 200 },
    },
    {
      figure: "commit→succeeded − upstream p99 / bare BullMQ enqueue→start p99",
      of: "latency.minusUpstream.p99",
      baseline: "bare.bullmq.startLag.p99",
      bar: { kind: "max", value: 3 },
    },
    {
      figure: "orders over HTTP (reseller API, 50 clients) / in-process placeOrder",
      of: "http.place.rate",
      baseline: "http.place.inProcessRate",
      absolute: { kind: "min", value: 200, unit: "orders/s" },
    },
    { figure: "orders over HTTP, p99 ms", of: "http.place.p99", bar: { kind: "max", value: 250 } },
    pageRatio("reseller order list"),
    pageRatio("reseller search, one match at both counts"),
    pageRatio("reseller dashboard"),
    pageRatio("support order list"),
    // Finds none at 10 k and three at 1 M (scripts/bench/http-pages.ts): two different pages, so its
    // ratio is printed without a bar; the like-for-like search above carries it.
    pageRatio("reseller search by fragment", { ratioBar: false }),
    ...[1, 2, 3].map(
      (w): Headline => ({
        figure: `scaling: ${w} worker${w > 1 ? "s" : ""} / 1 worker (L=${L} ms, C=50 each, limits lifted)`,
        of: `scale.W${w}.rate`,
        baseline: "scale.W1.rate",
      }),
    ),
    ...[1, 2, 3].map(
      (w): Headline => ({
        figure: `scaling: cores busy with ${w} worker${w > 1 ? "s" : ""} (of 2)`,
        of: `scale.W${w}.coresBusy`,
      }),
    ),
  ];
}

const fmt = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) ? "n/a" : n.toFixed(Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2);

const holds = (v: number, b: { kind: "min" | "max"; value: number }) =>
  b.kind === "min" ? v >= b.value : v <= b.value;

/** One row per headline whose figure was measured in this run; "n/a" where a part is missing. */
export function ratioTable(rows: BenchRow[], L: number): string {
  const byKey = new Map(rows.filter((r) => r.key).map((r) => [r.key!, r]));
  const cells: string[][] = [];
  for (const h of headlines(L)) {
    const fig = byKey.get(h.of);
    if (!fig) continue;
    const base = h.baseline ? byKey.get(h.baseline) : undefined;
    const judged = h.baseline ? (base ? fig.measured / base.measured : NaN) : fig.measured;
    const bar = h.bar ? `${h.bar.kind === "min" ? "≥" : "≤"} ${h.bar.value}` : "";
    const abs = h.absolute
      ? `${bar ? "; " : ""}figure ${h.absolute.kind === "min" ? "≥" : "≤"} ${h.absolute.value} ${h.absolute.unit}`
      : "";
    let verdict = "";
    if (h.bar) verdict = !Number.isFinite(judged) ? "n/a" : holds(judged, h.bar) ? "OK" : "over";
    if (h.absolute && verdict !== "over") verdict = holds(fig.measured, h.absolute) ? "OK" : "over";
    cells.push([
      h.figure,
      `${fmt(fig.measured)} ${fig.unit}`,
      h.baseline ? (base ? `${fmt(base.measured)} ${base.unit}` : "not run") : "",
      h.baseline ? fmt(judged) : "",
      bar + abs,
      verdict,
    ]);
  }
  const head = ["figure", "pipeline", "baseline", "ratio", "bar", ""];
  const widths = head.map((x, i) => Math.max(x.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}
