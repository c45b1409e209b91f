// The anchors GitHub gives a Markdown page's headings, for the checks that follow links into
// docs/ (scripts/check-doc-citations.mjs, and scripts/check-ops.mjs for the alerts' runbook links).

/** GitHub's anchor of each heading: lower case, punctuation dropped, spaces to hyphens, -1, -2 on repeats. */
export function headingAnchors(text) {
  const anchors = new Set();
  const seen = new Map();
  for (const [, heading] of text.matchAll(/^#+\s+(.*)$/gm)) {
    const slug = heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n ? `${slug}-${n}` : slug);
  }
  return anchors;
}
