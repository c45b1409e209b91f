// axe-core accessibility check for e2e pages: the serious and critical violations only, as a
// compact list that reads well in an assertion diff.
import path from "node:path";
import type { Page } from "playwright-core";

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Check the page a person sees once it has settled: after a server action the router may still
  // be swapping in the new tree (and its title). A page that never gets a title still fails below.
  await page.waitForLoadState("load");
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 5_000 }).catch(() => {});
  await page.addScriptTag({ path: path.resolve("node_modules/axe-core/axe.min.js") });
  const all = await page.evaluate(async () => {
    type Raw = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Raw[] }> } })
      .axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => String(n.target)),
    }));
  });
  return all.filter((v) => v.impact === "serious" || v.impact === "critical");
}
