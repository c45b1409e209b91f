// Rules of IDNA 2008 that a check of character classes misses, as Python's `idna` package applies
// them when grommunio encodes a domain name (docs/upstream/grommunio.md §5). A name that breaks one
// is committed by grommunio and then crashes its answer and every later list that includes it, so
// the order form refuses it and the client encodes lookups as grommunio would.
// - Unstable code points (RFC 5892 "Unstable"): a character that normalisation or lower-casing
//   turns into another (full-width "ｅ", the long "ſ", the modifier "ʰ") is not allowed; the
//   plain form is ("e", "s", "h").
// - Old Hangul jamo (RFC 5892 category I) are not allowed, although they are letters.
// - Arabic-Indic and extended Arabic-Indic digits are not mixed in one label (RFC 5892 CONTEXTO).
// - A label with right-to-left characters follows the Bidi rule (RFC 5893), checked per label
//   as Python's `idna.core.check_bidi` does.
// Plain JavaScript with no Node module, so the order form's preview runs it in the browser too.

/** The directions of RFC 5893 a label the form takes can hold (letters, marks, digits, "-"). */
type Direction = "L" | "R" | "AN" | "EN" | "ES" | "NSM";

// Scripts written right to left: their letters (and NKo's and Adlam's digits) are R or AL.
const RIGHT_TO_LEFT =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}]/u;
const ARABIC_INDIC_DIGIT = /[\u0660-\u0669]/u;
const EXTENDED_ARABIC_INDIC_DIGIT = /[\u06F0-\u06F9]/u;
const OLD_HANGUL_JAMO = /[\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF]/u;

function direction(ch: string): Direction {
  if (ARABIC_INDIC_DIGIT.test(ch)) return "AN";
  if (/[0-9]/.test(ch) || EXTENDED_ARABIC_INDIC_DIGIT.test(ch)) return "EN";
  if (ch === "-") return "ES";
  if (/[\p{Mn}\p{Me}]/u.test(ch)) return "NSM";
  if (RIGHT_TO_LEFT.test(ch)) return "R";
  // Letters of every other script, spacing marks and the other scripts' digits.
  return "L";
}

/** The Bidi rule for one label (RFC 5893 §2, rules 1 to 6), only for a label with R, AL or AN. */
function breaksBidiRule(label: string): boolean {
  const dirs = [...label].map(direction);
  if (!dirs.some((d) => d === "R" || d === "AN")) return false;
  const first = dirs[0];
  if (first !== "L" && first !== "R") return true;
  const rtl = first === "R";
  const allowed: readonly Direction[] = rtl ? ["R", "AN", "EN", "ES", "NSM"] : ["L", "EN", "ES", "NSM"];
  if (dirs.some((d) => !allowed.includes(d))) return true;
  const last = dirs.filter((d) => d !== "NSM").at(-1);
  const endsWell = rtl ? last === "R" || last === "EN" || last === "AN" : last === "L" || last === "EN";
  if (!endsWell) return true;
  return rtl && dirs.includes("AN") && dirs.includes("EN");
}

/** The stable form of a character: normalised, lower-cased, normalised again. */
const stableForm = (s: string) => s.normalize("NFKC").toLowerCase().normalize("NFKC");

export type Idna2008Problem =
  | { rule: "unstable"; suggestion: string }
  | { rule: "disallowed" }
  | { rule: "bidi" }
  | { rule: "digits" };

/**
 * What in a Unicode label (already checked to hold only letters, marks, digits and hyphens)
 * IDNA 2008 refuses, or undefined. `suggestion` is the label in the stable form of its letters.
 */
export function idna2008Problem(label: string): Idna2008Problem | undefined {
  const chars = [...label];
  if (chars.some((ch) => stableForm(ch) !== ch)) return { rule: "unstable", suggestion: stableForm(label) };
  if (chars.some((ch) => OLD_HANGUL_JAMO.test(ch))) return { rule: "disallowed" };
  if (ARABIC_INDIC_DIGIT.test(label) && EXTENDED_ARABIC_INDIC_DIGIT.test(label)) return { rule: "digits" };
  if (breaksBidiRule(label)) return { rule: "bidi" };
  return undefined;
}
