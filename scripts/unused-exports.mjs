// Finds exports that nothing imports, exports of product code that only tests import, and import
// cycles between lib/* folders (docs/maintenance.md "Folder layering").
//   node scripts/unused-exports.mjs  list them, and every import cycle between lib/* folders; exit 1
//                                    when there is any (part of `npm run check`)
// Syntax only (no type checker), so it takes about a second: each file is parsed with the
// TypeScript compiler API, every import, re-export and dynamic import() is resolved with the
// project's tsconfig paths, and re-exports (`export { x } from`, `export *`, `export type *`)
// are followed to the file that declares the name. Framework entry points are not flagged: Next.js
// route files' conventional exports, root config files' default export, Vitest's global setups.
// docs/maintenance.md says what to do with a finding.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

// `--root <dir>` scans another tree (its test builds small ones); by default, this repository.
const rootArg = process.argv.indexOf("--root");
const ROOT = rootArg > 0 ? path.resolve(process.argv[rootArg + 1]) : path.resolve(import.meta.dirname, "..");
const SCANNED = ["app", "i18n", "lib", "workers", "simulators", "scripts", "tests", "prisma"];
const SKIPPED_DIRS = new Set(["node_modules", "generated", ".next", ".next-e2e", ".data", ".tmp"]);
const ROOT_FILES = ["instrumentation.ts", "proxy.ts", "prisma.config.ts", "vitest.config.ts"];

// Next.js reads these names from route segment files; nothing in the project imports them.
const NEXT_SEGMENT_FILES =
  /^(page|layout|template|default|loading|error|global-error|not-found|forbidden|unauthorized|route|opengraph-image|twitter-image|icon|apple-icon|sitemap|robots|manifest)\.tsx?$/;
const NEXT_SEGMENT_EXPORTS = new Set([
  "default",
  "metadata",
  "generateMetadata",
  "viewport",
  "generateViewport",
  "generateStaticParams",
  "generateImageMetadata",
  "generateSitemaps",
  "dynamic",
  "dynamicParams",
  "revalidate",
  "fetchCache",
  "runtime",
  "preferredRegion",
  "maxDuration",
  "experimental_ppr",
  "alt",
  "size",
  "contentType",
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
]);
// Root files Next.js and the tools load by name.
const ROOT_ENTRY_EXPORTS = {
  "instrumentation.ts": new Set(["register", "onRequestError"]),
  "proxy.ts": new Set(["proxy", "config", "default"]),
  "prisma.config.ts": new Set(["default"]),
  "vitest.config.ts": new Set(["default"]),
};

// Files loaded by name from a config rather than imported: i18n/request.ts by the next-intl
// plugin in next.config.js.
const CONFIG_ENTRY_EXPORTS = { "i18n/request.ts": new Set(["default"]) };

// Exports only tests may use, each with its reason. Keep this list short: a function the product
// never runs is a second path, and tests should exercise the first one.
const TEST_SEAMS = {
  // Tests that change API_RATE_LIMIT_PER_MINUTE build the limiter afresh.
  "lib/api/rate-limit.ts": ["resetRateLimiter"],
  // Close the Redis connections a test file opened, so vitest can end the file.
  "lib/auth/throttle.ts": ["closeLoginLimiter"],
  // A failed sign-in's audit is written after the answer (lib/auth/sign-in.ts): tests wait for it.
  "lib/auth/sign-in.ts": ["failedSignInAuditsWritten"],
  "lib/jobs/queue-counts.ts": ["closeHealthQueues"],
  // Integration files stop the workers they started (no worker outlives its file).
  "scripts/lib/worker-process.ts": ["killAllWorkers"],
  // A test waits until the process hears other processes' token changes before making one.
  "lib/api/principal-listener.ts": ["listeningForPrincipalChanges"],
  // A test counts the provider calls of page views from no kept reading.
  "lib/services/shared-reading.ts": ["forgetSharedReadings"],
  // Holds the simulator's answers against grommunio's published OpenAPI document.
  "simulators/grommunio/spec.ts": ["validateResponse"],
};

const rel = (file) => path.relative(ROOT, file).split(path.sep).join("/");
const isTestFile = (file) => rel(file).startsWith("tests/");

function listFiles() {
  const out = ROOT_FILES.map((f) => path.join(ROOT, f)).filter((f) => fs.existsSync(f));
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
    }
  };
  for (const dir of SCANNED) if (fs.existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
  return out;
}

/** Files Vitest loads by path from its config (global setups, setup files). */
function vitestEntryFiles() {
  const file = path.join(ROOT, "vitest.config.ts");
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const found = new Set();
  for (const m of text.matchAll(/(?:globalSetup|setupFiles):\s*\[([^\]]*)\]/g))
    for (const s of m[1].matchAll(/"([^"]+)"/g)) found.add(path.join(ROOT, s[1]));
  return found;
}

const config = ts.parseJsonConfigFileContent(
  ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile).config,
  ts.sys,
  ROOT,
);
const resolutionCache = new Map();
function resolve(specifier, fromFile) {
  const key = `${path.dirname(fromFile)}\0${specifier}`;
  if (!resolutionCache.has(key)) {
    const r = ts.resolveModuleName(specifier, fromFile, config.options, ts.sys).resolvedModule;
    const file = r && !r.isExternalLibraryImport ? path.resolve(r.resolvedFileName) : undefined;
    resolutionCache.set(key, file);
  }
  return resolutionCache.get(key);
}

/**
 * Per file: `exports` (name → { line, local }) for names declared here, `reexports`
 * (name → { file, name }), `stars` (files re-exported with `export *`), and `uses`: the
 * [file, name | "*"] pairs this file imports; `loads`: files imported for their side effects only.
 */
function analyse(file) {
  const text = fs.readFileSync(file, "utf8");
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const info = { exports: new Map(), reexports: new Map(), stars: [], uses: [], loads: [], identifiers: new Map() };
  const imported = new Map(); // local binding → { file, name }
  const line = (node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const hasExport = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const hasDefault = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  const declare = (name, node, type = false) => info.exports.set(name, { line: line(node), type });
  const isType = (node) => ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node);

  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const target = resolve(stmt.moduleSpecifier.text, file);
      const clause = stmt.importClause;
      if (!target) continue;
      if (!clause) {
        info.loads.push(target); // side-effect import: binds no name, still a dependency
        continue;
      }
      if (clause.name) {
        info.uses.push([target, "default"]);
        imported.set(clause.name.text, { file: target, name: "default" });
      }
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) info.uses.push([target, "*"]);
      if (bindings && ts.isNamedImports(bindings))
        for (const el of bindings.elements) {
          const name = (el.propertyName ?? el.name).text;
          info.uses.push([target, name]);
          imported.set(el.name.text, { file: target, name });
        }
    } else if (ts.isExportDeclaration(stmt)) {
      const target =
        stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier)
          ? resolve(stmt.moduleSpecifier.text, file)
          : undefined;
      if (stmt.moduleSpecifier && !target) continue; // a package's names
      if (!stmt.exportClause) info.stars.push(target);
      else if (ts.isNamespaceExport(stmt.exportClause))
        info.reexports.set(stmt.exportClause.name.text, { file: target, name: "*" });
      else
        for (const el of stmt.exportClause.elements) {
          const local = (el.propertyName ?? el.name).text;
          const from = target ? { file: target, name: local } : imported.get(local);
          if (from) info.reexports.set(el.name.text, from);
          else declare(el.name.text, el, el.isTypeOnly || stmt.isTypeOnly);
        }
    } else if (ts.isExportAssignment(stmt)) {
      declare("default", stmt);
    } else if (hasExport(stmt)) {
      if (hasDefault(stmt)) declare("default", stmt);
      else if (ts.isVariableStatement(stmt))
        for (const d of stmt.declarationList.declarations) {
          if (ts.isIdentifier(d.name)) declare(d.name.text, d);
          else for (const el of d.name.elements) if (ts.isIdentifier(el.name)) declare(el.name.text, el);
        }
      else if (stmt.name && ts.isIdentifier(stmt.name)) declare(stmt.name.text, stmt, isType(stmt));
    }
  }

  // Dynamic import("x"): the names destructured from it, else every export of x. Also counts
  // identifier tokens, to tell "used in its own file" from "used nowhere".
  const visit = (node) => {
    if (ts.isIdentifier(node)) info.identifiers.set(node.text, (info.identifiers.get(node.text) ?? 0) + 1);
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      const target = resolve(node.arguments[0].text, file);
      if (target) {
        let outer = node.parent;
        while (outer && (ts.isAwaitExpression(outer) || ts.isParenthesizedExpression(outer))) outer = outer.parent;
        if (outer && ts.isVariableDeclaration(outer) && ts.isObjectBindingPattern(outer.name))
          for (const el of outer.name.elements) {
            const key = el.propertyName ?? el.name;
            if (ts.isIdentifier(key)) info.uses.push([target, key.text]);
          }
        else if (outer && ts.isPropertyAccessExpression(outer)) info.uses.push([target, outer.name.text]);
        else info.uses.push([target, "*"]);
      }
    }
    // import("x").Name in type positions.
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const target = resolve(node.argument.literal.text, file);
      if (target)
        info.uses.push([target, node.qualifier && ts.isIdentifier(node.qualifier) ? node.qualifier.text : "*"]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return info;
}

const files = listFiles();
const infos = new Map(files.map((f) => [f, analyse(f)]));

/** The declaring [file, name] pairs `name` of `file` stands for, following re-exports. */
function origins(file, name, seen = new Set()) {
  const key = `${file}\0${name}`;
  if (seen.has(key)) return [];
  seen.add(key);
  const info = infos.get(file);
  if (!info) return [];
  if (name === "*") {
    const all = [...info.exports.keys()].map((n) => [file, n]);
    for (const [n] of info.reexports) all.push(...origins(file, n, seen));
    for (const star of info.stars) all.push(...origins(star, "*", seen));
    return all;
  }
  if (info.exports.has(name)) return [[file, name]];
  const re = info.reexports.get(name);
  if (re) return origins(re.file, re.name, seen);
  return info.stars.flatMap((star) => origins(star, name, seen));
}

const usedBy = new Map(); // "file\0name" → Set of importing files
for (const [file, info] of infos)
  for (const [target, name] of info.uses)
    for (const [f, n] of origins(target, name)) {
      const key = `${f}\0${n}`;
      if (!usedBy.has(key)) usedBy.set(key, new Set());
      usedBy.get(key).add(file);
    }

const vitestEntries = vitestEntryFiles();
function isEntryExport(file, name) {
  const r = rel(file);
  if (ROOT_ENTRY_EXPORTS[r]?.has(name) || CONFIG_ENTRY_EXPORTS[r]?.has(name)) return true;
  if (r.startsWith("app/") && NEXT_SEGMENT_FILES.test(path.basename(file)) && NEXT_SEGMENT_EXPORTS.has(name))
    return true;
  if (vitestEntries.has(file)) return true;
  return false;
}

// A type used in its own file describes that file's exported functions: exporting it is fine.
// A value used in its own file and imported by tests only is production code the tests reach
// directly; one used by tests alone is a second path the product never runs.
const findings = [];
for (const [file, info] of infos) {
  if (/\.test\.tsx?$/.test(file)) continue;
  for (const [name, { line, type }] of info.exports) {
    if (isEntryExport(file, name)) continue;
    const importers = [...(usedBy.get(`${file}\0${name}`) ?? [])].filter((f) => f !== file);
    const local = name !== "default" && (info.identifiers.get(name) ?? 0) > 1;
    const where = `${rel(file)}:${line} ${name}`;
    if (importers.length === 0 && !local) findings.push(`${where}: used nowhere (delete it)`);
    else if (importers.length === 0 && !type) findings.push(`${where}: used only in its own file (drop \`export\`)`);
    else if (
      !local &&
      !type &&
      !isTestFile(file) &&
      importers.every(isTestFile) &&
      !TEST_SEAMS[rel(file)]?.includes(name)
    )
      findings.push(`${where}: only tests use it (${importers.map(rel).sort().join(", ")})`);
  }
}

// lib/* folders import one another one way only: a cycle between two folders (or more) means
// neither can be understood, tested or moved without the other (docs/maintenance.md).
const libFolder = (file) => rel(file).match(/^lib\/([^/]+)\//)?.[1];
const folderEdges = new Map(); // folder → Map(folder → an example "from → to")
for (const [file, info] of infos) {
  const from = libFolder(file);
  if (!from) continue;
  // Every file this one depends on: imported names, re-exports, `export *`, side-effect imports.
  const targets = [
    ...info.uses.map(([target]) => target),
    ...[...info.reexports.values()].map((r) => r.file),
    ...info.stars,
    ...info.loads,
  ];
  for (const target of targets) {
    const to = libFolder(target);
    if (!to || to === from) continue;
    if (!folderEdges.has(from)) folderEdges.set(from, new Map());
    if (!folderEdges.get(from).has(to)) folderEdges.get(from).set(to, `${rel(file)} → ${rel(target)}`);
  }
}
const reported = new Set();
for (const [start] of folderEdges) {
  // Breadth-first from `start`; a path back to it is a cycle, reported once per set of folders.
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const at = queue.shift();
    for (const [next] of folderEdges.get(at) ?? []) {
      if (next === start) {
        const path = [at];
        while (previous.get(path[0])) path.unshift(previous.get(path[0]));
        const key = [...path].sort().join(",");
        if (!reported.has(key)) {
          reported.add(key);
          const steps = path.map((f, i) => folderEdges.get(f).get(path[i + 1] ?? start));
          findings.push(`lib folder cycle ${[...path, start].join(" → ")}: ${steps.join("; ")}`);
        }
      } else if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
}

findings.sort();
for (const f of findings) console.log(f);
if (findings.length > 0) {
  console.error(`\n${findings.length} finding(s); see docs/maintenance.md "Unused exports" and "Folder layering".`);
  process.exit(1);
}
