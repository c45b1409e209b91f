// Which Unicode labels IDNA 2008 takes, as Python's `idna` package decides when grommunio encodes
// a domain name (docs/upstream/grommunio.md §5). A name it cannot encode is stored by grommunio
// as typed, and then its answer and every later domain list that includes it fail, so the order
// forms (and the client's lookups) refuse such names before any call. Python's `idna` works from
// tables computed by RFC 5892; this file runs the same computation on the Unicode data the
// JavaScript engine carries, and embeds only what JavaScript regular expressions cannot ask for.
//
// 1. Each code point gets its derived property (RFC 5892 §3), the rules taken in the RFC's order:
//    the exceptions (§2.6), unassigned code points, the ASCII letters, digits and hyphen, the
//    joiners (CONTEXTJ), "unstable" code points (ones that normalisation plus case folding turn
//    into others: full-width "ｅ", the long "ſ", capitals, Cherokee small letters), ignorable
//    ones (invisible characters, white space, noncharacters), the blocks of marks for symbols and
//    music, old Hangul jamo, and then letters, marks and digits are PVALID; the rest is DISALLOWED.
//    JavaScript has no full case folding: where it differs from toLowerCase for the verdict, the
//    difference is written out below (caseFold).
// 2. A CONTEXTJ or CONTEXTO code point must meet its rule from RFC 5892 Appendix A (the joiners
//    after a virama or between joining letters, the Catalan middle dot between two l's, the Greek
//    keraia, the Hebrew geresh and gershayim, the Katakana middle dot, Arabic-Indic digits).
// 3. A label with right-to-left characters follows the Bidi rule (RFC 5893), per label, as
//    Python's `idna` checks it.
// 4. Python's `idna` looks up directions and combining classes in the Python runtime's own Unicode
//    data, which is older than its IDNA tables (Python 3.11 has Unicode 14.0); it refuses a
//    character that data does not know. So characters encoded after Unicode 14.0 are refused too.
// The hyphen, NFC and leading-mark rules are the callers' (lib/forms/idna.ts).
// Plain JavaScript with no Node module, so the order form's preview runs it in the browser too.

/** The value RFC 5892 derives for a code point (UNASSIGNED is refused like DISALLOWED). */
type DerivedProperty = "PVALID" | "CONTEXTJ" | "CONTEXTO" | "DISALLOWED" | "UNASSIGNED";

/** The rules of RFC 5892 Appendix A for CONTEXTJ and CONTEXTO code points. */
type ContextRule = "joiner" | "middleDot" | "keraia" | "geresh" | "katakanaDot";

export type Idna2008Problem =
  /** `char` changes under normalisation and case folding; `suggestion` is the label in stable form. */
  | { rule: "unstable"; char: string; suggestion: string }
  | { rule: "disallowed"; char: string }
  /** Encoded after the Unicode version Python's runtime knows (point 4 above). */
  | { rule: "tooRecent"; char: string }
  | { rule: "context"; char: string; context: ContextRule }
  | { rule: "digits" }
  | { rule: "bidi" };

// --- 1. The derived property --------------------------------------------------------------------

// RFC 5892 §2.6: code points whose value the RFC fixes by hand, whatever their category says.
const EXCEPTIONS: ReadonlyMap<number, DerivedProperty> = new Map([
  // Letters kept as they are (German ß, Greek final sigma, Arabic and Tibetan signs, ideographic zero).
  ...([0x00df, 0x03c2, 0x06fd, 0x06fe, 0x0f0b, 0x3007] as const).map((cp) => [cp, "PVALID"] as const),
  // Punctuation and digits with a context rule (Appendix A).
  ...([0x00b7, 0x0375, 0x05f3, 0x05f4, 0x30fb] as const).map((cp) => [cp, "CONTEXTO"] as const),
  ...range(0x0660, 0x0669).map((cp) => [cp, "CONTEXTO"] as const),
  ...range(0x06f0, 0x06f9).map((cp) => [cp, "CONTEXTO"] as const),
  // Letters and marks that only lengthen or decorate (tatweel, N'Ko lajanyalan, Hangul and
  // ideographic tone marks, vertical kana repeat marks).
  ...[0x0640, 0x07fa, 0x302e, 0x302f, ...range(0x3031, 0x3035), 0x303b].map((cp) => [cp, "DISALLOWED"] as const),
]);

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

// §2.1 LetterDigits: lower-case, upper-case and other letters, digits, modifier letters and
// non-spacing and spacing marks (not title-case letters, enclosing marks or other numbers).
const LETTER_DIGITS = /^[\p{Ll}\p{Lu}\p{Lo}\p{Nd}\p{Lm}\p{Mn}\p{Mc}]$/u;
// §2.4 IgnorableProperties: invisible characters (such as U+034F), white space, noncharacters.
const IGNORABLE_PROPERTIES = /^[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Noncharacter_Code_Point}]$/u;
// §2.5 IgnorableBlocks: Combining Diacritical Marks for Symbols, Musical Symbols, Ancient Greek
// Musical Notation.
const IGNORABLE_BLOCKS = /^[\u20D0-\u20FF\u{1D100}-\u{1D1FF}\u{1D200}-\u{1D24F}]$/u;
// §2.9 OldHangulJamo: conjoining jamo (Hangul_Syllable_Type L, V or T); syllables are written
// precomposed instead.
const OLD_HANGUL_JAMO = /^[\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF]$/u;
// §2.10 Unassigned: General_Category Cn, less the noncharacters (which are ignorable).
const UNASSIGNED = /^(?!\p{Noncharacter_Code_Point})\p{Cn}$/u;
const LDH = /^[a-z0-9-]$/;
const JOIN_CONTROL = /^[\u200C\u200D]$/;

// Cyrillic letter variants (U+1C80–1C88) that case folding maps to the plain letter while
// toLowerCase keeps them.
const CYRILLIC_VARIANTS = "вдостт\u044A\u0463\uA64B";

/**
 * Full case folding (Unicode CaseFolding.txt, statuses C and F) of one character, where it
 * differs from toLowerCase in a way that changes the "unstable" verdict. Checked against
 * Python's str.casefold over every assigned code point: besides ß and ς (exceptions, PVALID
 * before this rule), only these differ.
 * - Cherokee: the capitals U+13A0–13F5 fold to themselves and the small letters (U+13F8–13FD,
 *   U+AB70–ABBF) to the capitals, the reverse of toLowerCase. So the capitals are PVALID and
 *   the small letters are not.
 * - The Greek ypogegrammeni U+0345, alone or inside a precomposed letter (ᾳ, ᾀ…), folds to
 *   iota; the caller folds the letter decomposed, so the mark is met alone.
 * - The Cyrillic letter variants U+1C80–1C88 fold to the plain letters.
 */
function foldChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x13a0 && cp <= 0x13f5) return ch;
  if (cp >= 0x13f8 && cp <= 0x13fd) return String.fromCodePoint(cp - 8);
  if (cp >= 0xab70 && cp <= 0xabbf) return String.fromCodePoint(cp - 0xab70 + 0x13a0);
  if (cp === 0x0345) return "\u03B9";
  if (cp >= 0x1c80 && cp <= 0x1c88) return CYRILLIC_VARIANTS.charAt(cp - 0x1c80);
  return ch.toLowerCase();
}

function caseFold(s: string): string {
  return [...s.normalize("NFD")].map(foldChar).join("");
}

/** What RFC 5892's "Unstable" rule compares a code point with: NFKC(casefold(NFKC(cp))). */
function stableForm(ch: string): string {
  return caseFold(ch.normalize("NFKC")).normalize("NFKC");
}

/** RFC 5892 §3: the derived property of one code point, the rules in the RFC's order. */
function derivedProperty(ch: string): DerivedProperty {
  const exception = EXCEPTIONS.get(ch.codePointAt(0) ?? 0);
  if (exception) return exception;
  // §2.7 BackwardCompatible is empty.
  if (UNASSIGNED.test(ch)) return "UNASSIGNED";
  if (LDH.test(ch)) return "PVALID";
  if (JOIN_CONTROL.test(ch)) return "CONTEXTJ";
  if (stableForm(ch) !== ch) return "DISALLOWED";
  if (IGNORABLE_PROPERTIES.test(ch) || IGNORABLE_BLOCKS.test(ch)) return "DISALLOWED";
  if (OLD_HANGUL_JAMO.test(ch)) return "DISALLOWED";
  return LETTER_DIGITS.test(ch) ? "PVALID" : "DISALLOWED";
}

// --- 2. The context rules (RFC 5892 Appendix A) -------------------------------------------------

// Canonical_Combining_Class 9 (virama), which JavaScript cannot ask for: the code points of
// Unicode 14.0 (later ones are refused by point 4 anyway).
const VIRAMA = new RegExp(
  "^[\\u094D\\u09CD\\u0A4D\\u0ACD\\u0B4D\\u0BCD\\u0C4D\\u0CCD\\u0D3B\\u0D3C\\u0D4D\\u0DCA\\u0E3A\\u0EBA" +
    "\\u0F84\\u1039\\u103A\\u1714\\u1715\\u1734\\u17D2\\u1A60\\u1B44\\u1BAA\\u1BAB\\u1BF2\\u1BF3\\u2D7F" +
    "\\uA806\\uA82C\\uA8C4\\uA953\\uA9C0\\uAAF6\\uABED\\u{10A3F}\\u{11046}\\u{11070}\\u{1107F}\\u{110B9}" +
    "\\u{11133}\\u{11134}\\u{111C0}\\u{11235}\\u{112EA}\\u{1134D}\\u{11442}\\u{114C2}\\u{115BF}\\u{1163F}" +
    "\\u{116B6}\\u{1172B}\\u{11839}\\u{1193D}\\u{1193E}\\u{119E0}\\u{11A34}\\u{11A47}\\u{11A99}\\u{11C3F}" +
    "\\u{11D44}\\u{11D45}\\u{11D97}]$",
  "u",
);

// Joining_Type (Unicode ArabicShaping.txt, version 17.0), which JavaScript cannot ask for either:
// the letters that join on the side towards the next letter (types D and L) and those that join
// on the side towards the previous one (D and R), in every script that has joining letters. A
// letter of type U, C or none counts as non-joining, as in the RFC's rule.
const JOINS_TOWARDS_NEXT = new RegExp(
  `^[${[
    // Arabic
    "\\u0620\\u0626\\u0628\\u062A-\\u062E\\u0633-\\u063F\\u0641-\\u0647\\u0649\\u064A\\u066E\\u066F\\u0678-\\u0687" +
      "\\u069A-\\u06BF\\u06C1\\u06C2\\u06CC\\u06CE\\u06D0\\u06D1\\u06FA-\\u06FC\\u06FF\\u0750-\\u0758\\u075C-\\u076A" +
      "\\u076D-\\u0770\\u0772\\u0775-\\u0777\\u077A-\\u077F\\u0886\\u0889-\\u088D\\u088F\\u08A0-\\u08A9\\u08AF\\u08B0" +
      "\\u08B3-\\u08B8\\u08BA-\\u08C8\\u{10EC3}\\u{10EC4}\\u{10EC6}\\u{10EC7}",
    // Syriac
    "\\u0712-\\u0714\\u071A-\\u071D\\u071F-\\u0727\\u0729\\u072B\\u072D\\u072E\\u074E\\u074F\\u0860\\u0862-\\u0865\\u0868",
    // N'Ko, Mandaic, Mongolian, Phags-pa
    "\\u07CA-\\u07EA\\u0841-\\u0845\\u0848\\u084A-\\u0853\\u0855\\u1807\\u1820-\\u1878\\u1887-\\u18A8\\u18AA\\uA840-\\uA872",
    // Manichaean, Psalter Pahlavi, Hanifi Rohingya
    "\\u{10AC0}-\\u{10AC4}\\u{10ACD}\\u{10AD3}-\\u{10ADC}\\u{10ADE}-\\u{10AE0}\\u{10AEB}-\\u{10AEE}" +
      "\\u{10B80}\\u{10B82}\\u{10B86}-\\u{10B88}\\u{10B8A}\\u{10B8B}\\u{10B8D}\\u{10B90}\\u{10BAD}\\u{10BAE}" +
      "\\u{10D00}-\\u{10D21}\\u{10D23}",
    // Sogdian, Old Uyghur, Chorasmian, Adlam
    "\\u{10F30}-\\u{10F32}\\u{10F34}-\\u{10F44}\\u{10F51}-\\u{10F53}\\u{10F70}-\\u{10F73}\\u{10F76}-\\u{10F81}" +
      "\\u{10FB0}\\u{10FB2}\\u{10FB3}\\u{10FB8}\\u{10FBB}\\u{10FBC}\\u{10FBE}\\u{10FBF}\\u{10FC1}\\u{10FC4}\\u{10FCA}" +
      "\\u{10FCB}\\u{1E900}-\\u{1E943}",
  ].join("")}]$`,
  "u",
);
const JOINS_TOWARDS_PREVIOUS = new RegExp(
  `^[${[
    // Arabic
    "\\u0620\\u0622-\\u063F\\u0641-\\u064A\\u066E\\u066F\\u0671-\\u0673\\u0675-\\u06D3\\u06D5\\u06EE\\u06EF" +
      "\\u06FA-\\u06FC\\u06FF\\u0750-\\u077F\\u0870-\\u0882\\u0886\\u0889-\\u088F\\u08A0-\\u08AC\\u08AE-\\u08C8" +
      "\\u{10EC2}-\\u{10EC4}\\u{10EC6}\\u{10EC7}",
    // Syriac
    "\\u0710\\u0712-\\u072F\\u074D-\\u074F\\u0860\\u0862-\\u0865\\u0867-\\u086A",
    // N'Ko, Mandaic, Mongolian, Phags-pa
    "\\u07CA-\\u07EA\\u0840-\\u0858\\u1807\\u1820-\\u1878\\u1887-\\u18A8\\u18AA\\uA840-\\uA871",
    // Manichaean, Psalter Pahlavi, Hanifi Rohingya
    "\\u{10AC0}-\\u{10AC5}\\u{10AC7}\\u{10AC9}\\u{10ACA}\\u{10ACE}-\\u{10AD6}\\u{10AD8}-\\u{10AE1}\\u{10AE4}" +
      "\\u{10AEB}-\\u{10AEF}\\u{10B80}-\\u{10B91}\\u{10BA9}-\\u{10BAE}\\u{10D01}-\\u{10D23}",
    // Sogdian, Old Uyghur, Chorasmian, Adlam
    "\\u{10F30}-\\u{10F44}\\u{10F51}-\\u{10F54}\\u{10F70}-\\u{10F81}\\u{10FB0}\\u{10FB2}-\\u{10FB6}" +
      "\\u{10FB8}-\\u{10FBF}\\u{10FC1}-\\u{10FC4}\\u{10FC9}\\u{10FCA}\\u{1E900}-\\u{1E943}",
  ].join("")}]$`,
  "u",
);
// Joining_Type T (transparent: skipped when looking for the joining letter): in a label that has
// passed point 1, the non-spacing marks and the Adlam nasalization mark.
const TRANSPARENT = /^[\p{Mn}\u{1E94B}]$/u;

/** The nearest character from `i` stepping by `step` that is not transparent, if any. */
function nearestJoining(chars: readonly string[], i: number, step: 1 | -1): string | undefined {
  for (let j = i + step; j >= 0 && j < chars.length; j += step) {
    if (!TRANSPARENT.test(chars[j] ?? "")) return chars[j];
  }
  return undefined;
}

/** CONTEXTJ (Appendix A.1, A.2): ZWNJ and ZWJ after a virama; ZWNJ also between joining letters. */
function joinerAllowed(chars: readonly string[], i: number): boolean {
  if (VIRAMA.test(chars[i - 1] ?? "")) return true;
  if (chars[i] !== "\u200C") return false;
  // A zero-width non-joiner keeps two letters that would join apart (Persian "می‌خواهم").
  const before = nearestJoining(chars, i, -1);
  const after = nearestJoining(chars, i, 1);
  return JOINS_TOWARDS_NEXT.test(before ?? "") && JOINS_TOWARDS_PREVIOUS.test(after ?? "");
}

const HAS_KANA_OR_HAN = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const ARABIC_INDIC_DIGIT = /[\u0660-\u0669]/u;
const EXTENDED_ARABIC_INDIC_DIGIT = /[\u06F0-\u06F9]/u;

/** The Appendix A rule a CONTEXTO character other than a digit must meet, if it does not. */
function brokenContextO(chars: readonly string[], i: number): ContextRule | undefined {
  const [before, ch, after] = [chars[i - 1] ?? "", chars[i], chars[i + 1] ?? ""];
  switch (ch) {
    case "\u00B7": // Catalan "l·l" (A.3)
      return before === "l" && after === "l" ? undefined : "middleDot";
    case "\u0375": // Greek lower numeral sign, before a Greek letter (A.4)
      return /\p{Script=Greek}/u.test(after) ? undefined : "keraia";
    case "\u05F3": // Hebrew geresh and gershayim, after a Hebrew letter (A.5, A.6)
    case "\u05F4":
      return /\p{Script=Hebrew}/u.test(before) ? undefined : "geresh";
    case "\u30FB": // Katakana middle dot, in a label with Japanese or Chinese characters (A.7)
      return HAS_KANA_OR_HAN.test(chars.join("")) ? undefined : "katakanaDot";
    default:
      return undefined;
  }
}

/** A.8, A.9: Arabic-Indic digits and extended (Persian) ones are not mixed in one label. */
const mixesArabicDigits = (label: string) => ARABIC_INDIC_DIGIT.test(label) && EXTENDED_ARABIC_INDIC_DIGIT.test(label);

// --- 3. The Bidi rule (RFC 5893) ----------------------------------------------------------------

/** The Bidi classes a code point that passed points 1 and 2 can have (AL is counted as R). */
type Direction = "L" | "R" | "AN" | "EN" | "ES" | "ON" | "BN" | "NSM";

// Blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic,
// their presentation forms and the historic ones of planes 1): letters there are R or AL.
const RIGHT_TO_LEFT_BLOCKS = /^[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]$/u;
// Valid code points whose Bidi class the rules in direction() would get wrong (compared with
// Python's unicodedata over every PVALID and CONTEXTO code point of Unicode 14.0).
const OTHER_NEUTRAL = /^[\u00B7\u02B9\u02BA\u02C6-\u02CF\u02EC\u0375\u2E2F\u30FB\uA67F\uA717-\uA71F\uA788]$/u;
const LEFT_TO_RIGHT_MARKS = /^[\u0CBF\u0CC6\u{11A07}\u{11A08}\u{11C3F}]$/u;

function direction(ch: string): Direction {
  if (/^[\u0660-\u0669\u{10D30}-\u{10D39}]$/u.test(ch)) return "AN"; // Arabic-Indic, Hanifi Rohingya digits
  if (/^[0-9\u06F0-\u06F9]$/u.test(ch)) return "EN";
  if (ch === "-") return "ES";
  if (JOIN_CONTROL.test(ch)) return "BN";
  if (OTHER_NEUTRAL.test(ch)) return "ON";
  if (LEFT_TO_RIGHT_MARKS.test(ch)) return "L";
  if (/^[\p{Mn}\p{Me}\u{1171E}]$/u.test(ch)) return "NSM";
  if (RIGHT_TO_LEFT_BLOCKS.test(ch)) return "R";
  // Letters of every other script, spacing marks and the other scripts' digits.
  return "L";
}

/** The Bidi rule for one label (RFC 5893 §2, rules 1 to 6), only for a label with R, AL or AN. */
function breaksBidiRule(chars: readonly string[]): boolean {
  const dirs = chars.map(direction);
  if (!dirs.some((d) => d === "R" || d === "AN")) return false;
  const first = dirs[0];
  if (first !== "L" && first !== "R") return true; // rule 1
  const rtl = first === "R";
  const allowed: readonly Direction[] = rtl
    ? ["R", "AN", "EN", "ES", "ON", "BN", "NSM"] // rule 2
    : ["L", "EN", "ES", "ON", "BN", "NSM"]; // rule 5
  if (dirs.some((d) => !allowed.includes(d))) return true;
  const last = dirs.filter((d) => d !== "NSM").at(-1);
  const endsWell = rtl ? last === "R" || last === "EN" || last === "AN" : last === "L" || last === "EN";
  if (!endsWell) return true; // rules 3 and 6
  return rtl && dirs.includes("AN") && dirs.includes("EN"); // rule 4
}

// --- 4. Characters newer than the encoder's Unicode data ----------------------------------------

// Code points PVALID or CONTEXTO in Unicode 17.0 but not yet encoded in Unicode 14.0 (new scripts,
// CJK extensions, additions to old blocks); the gaps between ranges hold nothing that is valid.
const AFTER_UNICODE_14 = new RegExp(
  "^[\\u088F-\\u0897\\u0C5C\\u0CDC\\u0CF3\\u0ECE\\u1ACF-\\u1AEB\\u1C8A\\uA7CD-\\uA7CF\\uA7DB" +
    "\\u{105C0}-\\u{105F3}\\u{10940}-\\u{10959}\\u{10D40}-\\u{10D85}\\u{10EC2}-\\u{10EFF}\\u{1123F}-\\u{11241}" +
    "\\u{11380}-\\u{113E2}\\u{116D0}-\\u{116E3}\\u{11B60}-\\u{11BF9}\\u{11DB0}-\\u{11DE9}\\u{11F00}-\\u{11F5A}" +
    "\\u{1342F}-\\u{143FA}\\u{16100}-\\u{16139}\\u{16D40}-\\u{16D79}\\u{16EBB}-\\u{16ED3}\\u{16FF2}\\u{16FF3}" +
    "\\u{187F8}-\\u{187FF}\\u{18CFF}\\u{18D09}-\\u{18DF2}\\u{1B132}\\u{1B155}\\u{1DF25}-\\u{1DF2A}\\u{1E08F}" +
    "\\u{1E4D0}-\\u{1E6FF}\\u{2B739}-\\u{2B73F}\\u{2CEA2}-\\u{2CEAD}\\u{2EBF0}-\\u{2EE5D}\\u{31350}-\\u{33479}]$",
  "u",
);

// --- The check -----------------------------------------------------------------------------------

/** The label with each unstable character in its stable form, for the "write it as" message. */
function stableLabel(chars: readonly string[]): string {
  return chars.map((ch) => (derivedProperty(ch) === "DISALLOWED" ? stableForm(ch) : ch)).join("");
}

/** A letter, mark or digit refused as unstable whose stable form ("e" for "ｅ") is valid. */
function hasPlainForm(ch: string): boolean {
  const plain = stableForm(ch);
  return plain !== ch && /^[\p{L}\p{M}\p{N}]$/u.test(ch) && [...plain].every((c) => derivedProperty(c) === "PVALID");
}

/** Point 1 (and 4): the first code point the label may not hold at all, as a problem. */
function codePointProblem(chars: readonly string[]): Idna2008Problem | undefined {
  for (const ch of chars) {
    const property = derivedProperty(ch);
    if (property === "DISALLOWED" && hasPlainForm(ch)) {
      return { rule: "unstable", char: ch, suggestion: stableLabel(chars) };
    }
    if (property === "DISALLOWED" || property === "UNASSIGNED") return { rule: "disallowed", char: ch };
    if (AFTER_UNICODE_14.test(ch)) return { rule: "tooRecent", char: ch };
  }
  return undefined;
}

/** Point 2: the first CONTEXTJ or CONTEXTO code point whose rule the label breaks. */
function contextProblem(chars: readonly string[]): Idna2008Problem | undefined {
  for (const [i, ch] of chars.entries()) {
    const property = derivedProperty(ch);
    if (property === "CONTEXTJ" && !joinerAllowed(chars, i)) return { rule: "context", char: ch, context: "joiner" };
    const broken = property === "CONTEXTO" ? brokenContextO(chars, i) : undefined;
    if (broken) return { rule: "context", char: ch, context: broken };
  }
  return undefined;
}

/**
 * What in a Unicode label (NFC, its hyphens and first character already checked by the caller)
 * IDNA 2008 refuses, or undefined when Python's `idna.encode` would take it.
 */
export function idna2008Problem(label: string): Idna2008Problem | undefined {
  const chars = [...label];
  const problem = codePointProblem(chars) ?? contextProblem(chars);
  if (problem) return problem;
  if (mixesArabicDigits(label)) return { rule: "digits" };
  if (breaksBidiRule(chars)) return { rule: "bidi" };
  return undefined;
}
