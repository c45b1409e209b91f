// Generated hostile values shared by the hostile-input tests (docs/security.md "Hostile input"):
// wrong types, huge and empty strings, odd Unicode, control characters, formula starts, and
// prototype-pollution keys next to the fields a form really has.
import fc from "fast-check";

/** One form value of any type; `extra` mixes in real ids of the wrong kind. */
export const hostileScalar = (extra: readonly string[] = []) =>
  fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.constantFrom(
      "",
      " ",
      "\u0000",
      "a\u0000b",
      "\u202e",
      "💥".repeat(50),
      "x".repeat(70_000),
      "-1",
      "1e309",
      "=1+1",
      "on",
      "true",
      "------------------------------------",
      "00000000-0000-0000-0000-000000000000",
    ),
    ...(extra.length ? [fc.constantFrom(...extra)] : []),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  );

/** Text as a form or query string carries it (always a string), including the nasty ones. */
export const hostileText = (extra: readonly string[] = []) =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.constantFrom(
      "",
      " ",
      "\u0000",
      "a\u0000b",
      "\u202e",
      "x".repeat(70_000),
      "=1+1",
      "------------------------------------",
      "00000000-0000-0000-0000-000000000000",
      "__proto__",
    ),
    ...(extra.length ? [fc.constantFrom(...extra)] : []),
  );

/** A form object: the form's own field names plus prototype-pollution keys, hostile values. */
export const hostileForm = (fields: readonly string[], extra: readonly string[] = []) =>
  fc
    .tuple(
      fc.dictionary(fc.constantFrom(...fields), hostileScalar(extra), { maxKeys: fields.length }),
      fc.dictionary(fc.constantFrom("__proto__", "constructor", "prototype", "toString"), hostileScalar(), {
        maxKeys: 2,
      }),
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
