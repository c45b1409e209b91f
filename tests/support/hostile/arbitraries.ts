// Generated hostile values shared by the hostile-input tests (docs/security.md "Hostile input"):
// wrong types, huge and empty strings, odd Unicode, control characters, formula starts, and
// prototype-pollution keys next to the fields a form really has.
import fc from "fast-check";

/**
 * Strings every hostile text may be: empty, blank, NUL alone and inside, a right-to-left
 * override, far longer than any field allows, a spreadsheet formula start, a run of dashes, the
 * nil UUID, half a character (a lone surrogate). A test adds the ones its inputs need on top
 * (`extra`).
 */
const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u202e",
  "x".repeat(70_000),
  "=1+1",
  "-".repeat(36),
  "00000000-0000-0000-0000-000000000000",
  // Half a character: JSON.parse makes one from "\ud800", and Postgres refuses it inside jsonb.
  "\ud800",
  "a\udfffb",
];

/** Generated text, plain and of whole graphemes (emoji, combining marks), or one of the nasty strings. */
const anyText = (maxLength: number, extra: readonly string[]) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
    fc.constantFrom(...NASTY_STRINGS, ...extra),
  );

/** One form value of any type; `extra` mixes in more strings (real ids of the wrong kind, …). */
export const hostileScalar = (extra: readonly string[] = []) =>
  fc.oneof(
    anyText(30, ["💥".repeat(50), "-1", "1e309", "on", "true", ...extra]),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  );

/** Text as a form or query string carries it (always a string), including the nasty ones. */
export const hostileText = (extra: readonly string[] = []) => anyText(40, ["__proto__", ...extra]);

/** Keys that reach an object's prototype or shadow its methods. */
const POLLUTION_KEYS = ["__proto__", "constructor", "prototype", "toString"];

/**
 * A form object: the form's own field names with hostile values, plus other keys (by default
 * up to two prototype-pollution keys; `otherKeys` to choose) with hostile values too.
 */
export const hostileForm = (
  fields: readonly string[],
  extra: readonly string[] = [],
  otherKeys: { keys: fc.Arbitrary<string>; max: number } = { keys: fc.constantFrom(...POLLUTION_KEYS), max: 2 },
) =>
  fc
    .tuple(
      fc.dictionary(fc.constantFrom(...fields), hostileScalar(extra), { maxKeys: fields.length }),
      fc.dictionary(otherKeys.keys, hostileScalar(), { maxKeys: otherKeys.max }),
    )
    .map(([known, keys]) => Object.assign(JSON.parse(JSON.stringify(keys)), known) as Record<string, unknown>);

/** A query string: the handler's own parameter names and hostile ones, hostile values. */
export const hostileQuery = (names: readonly string[]) =>
  fc
    .dictionary(
      fc.oneof(fc.constantFrom(...names, "__proto__", "constructor"), fc.string({ maxLength: 8 })),
      hostileText(),
      {
        maxKeys: names.length + 2,
      },
    )
    .map((q) => new URLSearchParams(Object.entries(q)));

/** Keys no form has: prototype-pollution names and generated names with a prefix no field uses. */
const strayKey = fc.oneof(
  fc.constantFrom(...POLLUTION_KEYS, "prototype", "hasOwnProperty"),
  fc.string({ maxLength: 10 }).map((s) => `zz${s}`),
);

/**
 * Edits to a valid form: up to two of `fields` given hostile values (`changed`), and up to three
 * keys no form has (`stray`). A wholly hostile form is nearly always refused by its schema, so
 * what lies past the schema is only reached from a valid one with a few fields spoiled.
 */
export const hostileEdits = (fields: readonly string[], extra: readonly string[] = []) =>
  fc.record({
    // The nasty strings are weighted up: a field spoiled once or twice per run must meet NUL,
    // huge and right-to-left text often enough to show what the writes behind the schema do.
    changed: fc.dictionary(
      fc.constantFrom(...fields),
      fc.oneof(
        { arbitrary: fc.constantFrom(...NASTY_STRINGS, ...extra), weight: 1 },
        { arbitrary: hostileScalar(extra), weight: 1 },
      ),
      { maxKeys: 2 },
    ),
    stray: fc.dictionary(strayKey, hostileScalar(), { maxKeys: 3 }),
  });

export type HostileEdits = { changed: Record<string, unknown>; stray: Record<string, unknown> };

/** `valid` with the edits applied; stray keys become own properties, `__proto__` too. */
export function applyEdits(valid: Record<string, unknown>, { changed, stray }: HostileEdits): Record<string, unknown> {
  return Object.assign(JSON.parse(JSON.stringify(stray)), valid, changed);
}

/**
 * Whether an error on `errorKey` follows from the changed fields: the field itself, a part of
 * it ("syncPolicy.allowwifi"), or its confirmation's pair ("password" changed, so
 * "password_confirmation" no longer matches).
 */
export function explainedBy(changed: Record<string, unknown>, errorKey: string): boolean {
  const root = (key: string) => key.split(".")[0]!.replace(/_confirmation$/, "");
  return Object.keys(changed).some((c) => root(c) === root(errorKey));
}

const PINNED_SEED = 20_260_417;

/**
 * fast-check options for a property whose outcomes are counted after it ("at least N done, N
 * refused"). The seed is fixed, so every run draws the same inputs and a count met once is met
 * every time: with a fresh seed each run, a count fell short now and then, on a draw nobody could
 * repeat. FC_SEED (an integer) draws other inputs, to explore; a count may then fall short, and
 * its message names the seed.
 */
export function countedRuns(numRuns: number): { numRuns: number; seed: number } {
  const given = process.env.FC_SEED?.trim();
  const seed = given ? Number(given) : PINNED_SEED;
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, not ${given}`);
  return { numRuns, seed };
}
