// The per-field problems of an order a provider refused (`order.field_errors`), stored so that a
// page can word them in the viewer's language (docs/i18n.md "Problems by field"):
// - a problem the portal words itself (what our grommunio client makes of the validator's and
//   the endpoint's answers) is stored as its key and values: `{ "key": "required" }`;
// - a plain string is the provider's own words as received (Qboxmail's field descriptions, a
//   grommunio text no key matches), shown quoted and labelled as the provider's.
// Rows written before keys existed hold the English below as plain strings: those are read back
// into their key, so they are worded like new ones; any other string stays the provider's.
//
// The API and the audit log keep English: FIELD_PROBLEMS is that English, and the stored English
// of older rows, so never reword one (a new wording is a new key). Plain TypeScript, no
// catalogue: the reseller's live order page reads stored problems in the browser.

export const FIELD_PROBLEMS = {
  specRejected: "grommunio's API specification rejected a value in the request",
  queryUnreadable: "grommunio could not read a query parameter",
  noServerWithId: "grommunio has no server with this ID",
  notADomainName: 'grommunio does not accept "{name}" as a domain name',
  required: "grommunio requires this field",
  unknownField: 'grommunio does not know the field "{field}"',
  readOnly: "grommunio does not allow setting this field",
  unreadableRequest: "grommunio could not read the request",
  serverNotEmpty:
    "grommunio still has domains or users on this server, deleted domains included (a deleted domain is kept until it is purged), and users homed here whose domain lives on another server: ask your provider's administrator to purge those domains and move or remove those users, then delete the server",
  chatNeedsActiveDomain: "grommunio turns chat on only for an active domain: resume the domain first",
  hostnameTaken:
    'grommunio already has a server named "{name}" (host names are compared without case): choose another host name',
  // Stored for a refused password field instead of Qboxmail's words (lib/upstream/qboxmail/classify.ts).
  passwordRefused: "Qboxmail did not accept this password (its reason is not stored, as it may repeat the password)",
  // Stored for another field whose description repeats a password the request carried (the same file).
  reasonRepeatsPassword: "Qboxmail did not accept this value (its reason is not stored, as it repeats a password)",
  // Stored on the name's field when a create finds the name held by a resource that is not the
  // order's (workers/processors/verdicts.ts), so the form to order again says what to change.
  nameTakenUpstream: "The provider already has this name, and not from this order: choose another name",
} as const;

export type FieldProblemKey = keyof typeof FIELD_PROBLEMS;
type Values = Record<string, string>;
/** One stored problem: the portal's (a key) or the provider's words (a string). */
export type FieldProblem = string | { key: FieldProblemKey; values?: Values };
/** Field name (the order form's, dotted for nested ones; `_form` for none) → its problems. */
export type FieldProblems = Partial<Record<string, FieldProblem[]>>;
/** A problem read back: the portal's words by key, or the provider's quoted as received. */
export type ReadProblem = { key: FieldProblemKey; values: Values } | { quote: string };

export function fieldProblem(key: FieldProblemKey, values?: Values): FieldProblem {
  return values ? { key, values } : { key };
}

/** Adds a problem to a field; the same problem twice on one field is kept once. */
export function addFieldProblem(problems: FieldProblems, field: string, p: FieldProblem): void {
  const list = problems[field] ?? [];
  if (!list.some((q) => JSON.stringify(q) === JSON.stringify(p))) list.push(p);
  problems[field] = list;
}

const isKey = (k: unknown): k is FieldProblemKey => typeof k === "string" && Object.hasOwn(FIELD_PROBLEMS, k);

function asProblem(v: unknown): FieldProblem | null {
  if (typeof v === "string") return v;
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const { key, values } = v as { key?: unknown; values?: unknown };
  if (!isKey(key)) return null;
  if (!values || typeof values !== "object" || Array.isArray(values)) return { key };
  const strings = Object.entries(values).filter((e): e is [string, string] => typeof e[1] === "string");
  return { key, values: Object.fromEntries(strings) };
}

/** Stored JSON as problems; anything else in the column (a malformed row) is left out. */
export function readFieldProblems(json: unknown): FieldProblems {
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  const out: FieldProblems = {};
  for (const [field, list] of Object.entries(json)) {
    const problems = (Array.isArray(list) ? list : [list]).map(asProblem).filter((p) => p !== null);
    if (problems.length) out[field] = problems;
  }
  return out;
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// The English of each key as a pattern, to read the rows written before keys were stored.
const OLDER_ROWS = (Object.entries(FIELD_PROBLEMS) as [FieldProblemKey, string][]).map(([key, template]) => {
  const names: string[] = [];
  const source = template
    .split(/\{(\w+)\}/)
    .map((part, i) => {
      if (i % 2 === 0) return literal(part);
      names.push(part);
      return "([\\s\\S]+)";
    })
    .join("");
  return { key, names, re: new RegExp(`^${source}$`) };
});

/** A stored problem as its key and values, or the provider's words to quote. */
export function readProblem(p: FieldProblem): ReadProblem {
  if (typeof p !== "string") return { key: p.key, values: p.values ?? {} };
  for (const { key, names, re } of OLDER_ROWS) {
    const m = re.exec(p);
    if (m) return { key, values: Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ""])) };
  }
  return { quote: p };
}

/** The English of one problem (the API's and the audit log's words). */
export function problemInEnglish(p: FieldProblem): string {
  const read = readProblem(p);
  if ("quote" in read) return read.quote;
  return FIELD_PROBLEMS[read.key].replace(/\{(\w+)\}/g, (_, n: string) => read.values[n] ?? `{${n}}`);
}

/** Stored problems in English, field by field; null when there are none (the API's `field_errors`). */
export function fieldProblemsInEnglish(json: unknown): Record<string, string[]> | null {
  if (json === null || json === undefined) return null;
  const entries = Object.entries(readFieldProblems(json)).map(([f, list]) => [f, (list ?? []).map(problemInEnglish)]);
  return Object.fromEntries(entries);
}

/** A translator of the `fieldProblems` namespace. */
export type FieldProblemTranslate = (key: FieldProblemKey, values?: Values) => string;

/**
 * Each field's problems as plain text in the language `t` speaks, the provider's words quoted
 * after `providerSaid` ("grommunio said:"): for a form that shows strings (the resubmit form).
 */
export function fieldProblemsAsText(
  problems: FieldProblems,
  t: FieldProblemTranslate,
  providerSaid: string,
): Record<string, string[]> {
  const word = (p: FieldProblem) => {
    const read = readProblem(p);
    return "quote" in read ? `${providerSaid} “${read.quote}”` : t(read.key, read.values);
  };
  return Object.fromEntries(Object.entries(problems).map(([f, list]) => [f, (list ?? []).map(word)]));
}
