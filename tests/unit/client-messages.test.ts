// Each page sends the browser only the message namespaces its client components translate: the
// root layout's BASE_CLIENT_NAMESPACES, plus what a <ClientMessages namespaces={[…]}> on the page's
// server side adds (lib/i18n/client-messages.ts). A client component that starts translating
// another namespace would show message keys instead of words on a page that does not send it; this
// walks every page's imports, as the bundler does, and names the page, the namespace and the file.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { BASE_CLIENT_NAMESPACES, clientCatalogue } from "@/lib/i18n/client-messages";
import en from "@/messages/en.json";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

type Module = { imports: string[]; client: boolean; translates: string[]; sends: string[] };
const modules = new Map<string, Module>();

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null; // a package: its components bring no messages of ours
  for (const file of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`])
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  return null;
}

function readModule(file: string): Module {
  let m = modules.get(file);
  if (m) return m;
  const text = fs.readFileSync(file, "utf8");
  const imports = ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => resolveImport(file, f.fileName))
    .filter((f): f is string => f !== null);
  m = {
    imports,
    // The directive must come before any statement; comments may precede it.
    client: /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use client["']/.test(text),
    translates: [...text.matchAll(/useTranslations\(\s*["']([\w.]+)["']/g)].map((x) => x[1]!.split(".")[0]!),
    sends: [...text.matchAll(/<ClientMessages\s+namespaces=\{\[([^\]]*)\]\}/g)].flatMap((x) =>
      [...x[1]!.matchAll(/["'](\w+)["']/g)].map((y) => y[1]!),
    ),
  };
  modules.set(file, m);
  return m;
}

/** The page's server modules and the modules that run in the browser (a client module's imports are client too). */
function walk(entries: string[]): { server: Set<string>; client: Set<string> } {
  const server = new Set<string>();
  const client = new Set<string>();
  const todo: [string, boolean][] = entries.map((f) => [f, false]);
  while (todo.length) {
    const [file, underClient] = todo.pop()!;
    const m = readModule(file);
    const isClient = underClient || m.client;
    const seen = isClient ? client : server;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const dep of m.imports) todo.push([dep, isClient]);
  }
  return { server, client };
}

function pages(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return pages(p);
    return /^(page|not-found|error|loading)\.tsx$/.test(e.name) ? [p] : [];
  });
}

/** The page with the layouts above it, up to the root layout. */
function withLayouts(page: string): string[] {
  const files = [page];
  for (let dir = path.dirname(page); dir.startsWith(APP); dir = path.dirname(dir)) {
    const layout = path.join(dir, "layout.tsx");
    if (fs.existsSync(layout)) files.push(layout);
  }
  return files;
}

const report = pages(APP).map((page) => {
  const { server, client } = walk(withLayouts(page));
  const sent = new Set<string>([...BASE_CLIENT_NAMESPACES, ...[...server].flatMap((f) => readModule(f).sends)]);
  const missing = [...client].flatMap((f) =>
    readModule(f)
      .translates.filter((ns) => !sent.has(ns))
      .map((ns) => `${path.relative(ROOT, page)}: "${ns}" (translated in ${path.relative(ROOT, f)})`),
  );
  const needs = new Set([...client].flatMap((f) => readModule(f).translates));
  return { page, missing, needs };
});

describe("client messages per page", () => {
  it("finds the pages and what their client components translate", () => {
    expect(report.length).toBeGreaterThan(20);
    // At least one page's client components translate beyond the base (the order form does), so
    // an empty analysis cannot pass for a complete one.
    expect(report.some((r) => [...r.needs].some((ns) => !BASE_CLIENT_NAMESPACES.includes(ns as never)))).toBe(true);
  });

  it("sends every namespace a page's client components translate", () => {
    expect([...new Set(report.flatMap((r) => r.missing))].sort()).toEqual([]);
  });

  it("catalogues hold exactly the namespaces named, with the language's texts", () => {
    const json = JSON.parse(clientCatalogue(en, ["orderForm", "status"]).json) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(["orderForm", "status"]);
    expect(json.status).toEqual(en.status);
    // The same list gives the same object: React then sends it once per page.
    expect(clientCatalogue(en, ["orderForm", "status"])).toBe(clientCatalogue(en, ["orderForm", "status"]));
  });
});
