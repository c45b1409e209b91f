// Checks that what the code cites in docs/ is there, so a comment's pointer does not rot when a
// document is reorganised (docs/maintenance.md "Citing the docs").
//   node scripts/check-doc-citations.mjs              this repository; exit 1 on any broken citation
//   node scripts/check-doc-citations.mjs --root <dir> another tree (its test builds small ones)
// A citation is a path under docs/ ending in .md, optionally followed by a heading's anchor
// (`docs/design.md#budgets`), a section number (`docs/upstream/grommunio.md §5`) or one or more
// quoted titles (`docs/search.md "The services list"`, `docs/x.md "A" and "B"`). The file must
// exist, and what follows must name a heading of it or a bold run-in title of one of its paragraphs
// or list items (`**Units.**`, `- **Home server**:`). A title may be a heading's lead: the words
// before its colon, or before the trailing "(…)" that in the benchmark write-ups says what a change
// did. A title cut anywhere else ("Headers" for "Headers and cookies") is reported as missing.
// Relative Markdown links between documents ([text](other.md#anchor)) are checked the same way,
// and every file of the repository a page names (lib/db.ts) must exist.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { headingAnchors } from "./lib/markdown-anchors.mjs";

const rootArg = process.argv.indexOf("--root");
const ROOT = rootArg > 0 ? path.resolve(process.argv[rootArg + 1]) : path.resolve(import.meta.dirname, "..");

const CHECKED = /\.(ts|tsx|mts|mjs|js|sql|prisma|md|yml|yaml|sh)$/;
const SKIPPED = /^(lib\/generated\/|node_modules\/)/;
// This script and its test write citations of made-up pages as examples.
const EXAMPLES = new Set(["scripts/check-doc-citations.mjs", "tests/unit/doc-citations.test.ts"]);
// The path, then a GitHub anchor (#budgets), a numbered section (§5), or separators a comment may
// put before quoted titles: "A" [, "B"] [and|or "C"].
const CITATION =
  /docs\/([\w./-]+\.md)(?:#([\w-]+)|[ \t]?§[ \t]?(\d+)|(?:[ \t]|,|:|\(|\/\/|\*|#|--|\n)*?((?:"[^"\n]+"(?:,? (?:and|or) |, )?)+))?/g;
const TITLE = /"([^"\n]+)"/g;
// A file of the repository that a page names (`lib/db.ts`, scripts/bench/run.ts): it must exist.
const REPO_PATH =
  /(?<![\w./[\]-])(?:app|lib|workers|tests|scripts|simulators|prisma|ops|i18n|messages)\/[\w./[\]-]+\.(?:ts|tsx|mts|mjs|js|sql|md|yml|yaml|json|prisma)(?![\w-])/g;
// A relative Markdown link to a document or one of its headings: [text](other.md#anchor), [text](#anchor).
const MARKDOWN_LINK = /\]\((?!https?:)([^)\s#]*\.md)?(?:#([^)\s]+))?\)/g;

/** The files to read: in a git checkout those git tracks or would add (not ignored), else every file. */
function sourceFiles() {
  let files;
  try {
    files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    })
      .split("\n")
      .filter(Boolean);
  } catch {
    files = fs.readdirSync(ROOT, { recursive: true }).map(String).sort();
  }
  return files.filter((f) => (CHECKED.test(f) || f === ".ci/run") && !SKIPPED.test(f) && !EXAMPLES.has(f));
}

/** A document's headings (as written and as GitHub anchors) and its bold run-in titles. */
function outline(text) {
  const plain = (s) => s.replace(/`/g, "").trim();
  const headings = [];
  const numbers = new Set();
  const bold = new Set();
  for (const line of text.split("\n")) {
    const heading = /^#+\s+(.*)$/.exec(line);
    if (heading) {
      headings.push(plain(heading[1]).replace(/^\d+\.\s+/, ""));
      const number = /^(\d+)\.\s/.exec(heading[1]);
      if (number) numbers.add(number[1]);
    }
    for (const b of line.matchAll(/\*\*([^*]+)\*\*/g)) bold.add(plain(b[1]).replace(/[.:]$/, ""));
  }
  return { names: [...headings, ...bold], anchors: headingAnchors(text), numbers };
}

/**
 * Whether `title` names one place in the document: a heading or bold title equal to it, or a single
 * one that it is the lead of. A lead stops right before a colon of the heading (not one inside its
 * "(…)") or right before the " (…)" that says what a change did; a title cut anywhere else
 * (mid-phrase) names nothing.
 */
function findTitle(names, title) {
  const t = title.replace(/`/g, "");
  if (names.includes(t)) return "found";
  const unclosed = (t.match(/\(/g) ?? []).length > (t.match(/\)/g) ?? []).length;
  const isLead = (n) => {
    if (!n.startsWith(t)) return false;
    const rest = n.slice(t.length);
    return /^\s+\(/.test(rest) || (rest.startsWith(":") && !unclosed);
  };
  const leads = new Set(names.filter(isLead));
  return leads.size === 1 ? "found" : leads.size > 1 ? "ambiguous" : "missing";
}

/**
 * The text with its lines joined by single spaces, each line without its indentation and comment
 * marker (`//`, `*`, `--`, `#`), so a title that a comment wraps over two lines reads as one; and
 * the line of the original text that an index of the joined text falls on.
 */
function joinLines(text) {
  const starts = [];
  let flat = "";
  for (const line of text.split("\n")) {
    starts.push(flat.length);
    flat += `${line.replace(/^\s*(?:\/\/|\*|--|#+)?\s*/, "")} `;
  }
  const lineOf = (index) => {
    let lo = 0;
    for (let hi = starts.length - 1; lo < hi; ) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return { flat, lineOf };
}

function brokenCitations() {
  const docs = new Map();
  const outlineOf = (file) => {
    if (!docs.has(file)) docs.set(file, fs.existsSync(file) ? outline(fs.readFileSync(file, "utf8")) : null);
    return docs.get(file);
  };
  const broken = [];
  for (const file of sourceFiles()) {
    const full = path.join(ROOT, file);
    if (!fs.statSync(full, { throwIfNoEntry: false })?.isFile()) continue;
    const text = fs.readFileSync(full, "utf8");
    const { flat, lineOf } = joinLines(text);
    for (const m of flat.matchAll(CITATION)) {
      const doc = outlineOf(path.join(ROOT, "docs", m[1]));
      if (!doc) {
        broken.push(`${file}:${lineOf(m.index)}: docs/${m[1]} does not exist`);
        continue;
      }
      // A path in a string literal is code reading the page: only its existence is checked.
      if (/["'`]/.test(flat[m.index - 1] ?? "")) continue;
      const [, , anchor, number, titles] = m;
      if (anchor && !doc.anchors.has(anchor))
        broken.push(`${file}:${lineOf(m.index)}: docs/${m[1]} has no heading with the anchor #${anchor}`);
      if (number && !doc.numbers.has(number))
        broken.push(`${file}:${lineOf(m.index)}: docs/${m[1]} has no section numbered ${number}`);
      for (const [, title] of (titles ?? "").matchAll(TITLE)) {
        const found = findTitle(doc.names, title);
        if (found !== "found")
          broken.push(
            `${file}:${lineOf(m.index)}: docs/${m[1]}: "${title}" is ${found === "missing" ? "no heading or bold title" : "the start of several headings"}`,
          );
      }
    }
    if (!file.endsWith(".md")) continue;
    const textLineOf = (index) => text.slice(0, index).split("\n").length;
    for (const m of text.matchAll(REPO_PATH))
      if (!fs.existsSync(path.join(ROOT, m[0]))) broken.push(`${file}:${textLineOf(m.index)}: ${m[0]} does not exist`);
    // Code in a page shows link syntax rather than linking: blanked, so line numbers still hold.
    const prose = text.replace(/```[\s\S]*?```|`[^`\n]*`/g, (code) => code.replace(/[^\n]/g, " "));
    for (const m of prose.matchAll(MARKDOWN_LINK)) {
      const [, target, anchor] = m;
      const linked = target ? path.resolve(path.dirname(full), target) : full;
      const doc = outlineOf(linked);
      if (!doc) broken.push(`${file}:${textLineOf(m.index)}: the link to ${target} leads nowhere`);
      else if (anchor && !doc.anchors.has(anchor))
        broken.push(`${file}:${textLineOf(m.index)}: ${target || file} has no heading with the anchor #${anchor}`);
    }
  }
  return broken;
}

const broken = brokenCitations();
for (const b of broken) console.log(b);
if (broken.length) {
  console.log(`${broken.length} broken citation(s) of docs/`);
  process.exit(1);
}
