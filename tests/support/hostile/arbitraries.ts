// Generated hostile values shared by the hostile-input tests (docs/security.md "Hostile input"):
// wrong types, huge and empty strings, odd Unicode, control characters, formula starts, and
// prototype-pollution keys next to the fields a form really has.
import fc from "fast-check";

/**
 * Strings every hostile text may be: empty, blank, NUL alone and inside, a right-to-left
 * override, far longer than any field allows, a spreadsheet formula start, a run of dashes, the
 * nil UUID. A test adds the ones its inputs need on top (`extra`).
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
