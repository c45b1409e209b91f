// The units the order form offers for sizes and durations (docs/order-form.md "Units"). Sizes are
// binary, as both upstreams label their quotas and as the portal shows sizes everywhere
// (docs/i18n.md): 1 KB = 1024 bytes, 1 MB = 1024 KB, 1 GB = 1024 MB. Values are stored and sent
// in the field's base unit; the form converts what is typed.
import type { BaseUnit } from "./types";

export type DisplayUnit = "KB" | "MB" | "GB" | "s" | "min" | "d";

const SIZE_BYTES: Record<"KB" | "MB" | "GB", number> = { KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** The units offered for a base unit, with how many base units one of them is, smallest first. */
export function unitsFor(base: BaseUnit): { unit: DisplayUnit; factor: number }[] {
  switch (base) {
    case "B":
      return (["KB", "MB", "GB"] as const).map((unit) => ({ unit, factor: SIZE_BYTES[unit] }));
    case "KB":
      return [
        { unit: "KB", factor: 1 },
        { unit: "MB", factor: 1024 },
      ];
    case "s":
      return [
        { unit: "s", factor: 1 },
        { unit: "min", factor: 60 },
      ];
    case "d":
      return [{ unit: "d", factor: 1 }];
  }
}

/** A stored value shown in the largest unit that divides it evenly (900 s → 15 min). */
export function toDisplay(base: BaseUnit, value: number): { amount: number; unit: DisplayUnit } {
  const units = unitsFor(base);
  const fit = [...units].reverse().find((u) => value !== 0 && value % u.factor === 0) ?? units[0]!;
  return { amount: value / fit.factor, unit: fit.unit };
}

/**
 * An amount as the form writes it into its box, so that reading it back gives the same value:
 * one with exactly three decimals after one to three digits ("1.125" KB, which is 1152 bytes)
 * would be read as a thousands separator and refused (fromDisplay), so it gets a fourth ("1.1250").
 */
export function displayAmount(amount: number): string {
  const text = String(amount);
  return /^-?[1-9]\d{0,2}\.\d{3}$/.test(text) ? `${text}0` : text;
}

/**
 * An amount the form cannot take as typed: not a whole number of the field's base unit (1.5 d,
 * 0.3 KB of a size kept in bytes), not a number at all ("1e3", "5 MB"), or too large to be read
 * exactly. It is refused with its own message (sync-policy.ts), never rounded or read another
 * way: the upstream would otherwise hold a value nobody typed (docs/order-form.md "Units").
 */
export type RefusedAmount = {
  refusedAmount: true;
  amount: string;
  unit: string;
  base: BaseUnit;
  /** "grouped": one separator before exactly three digits ("2.000", "1,500"), a thousands
   * separator in Italian and German but a decimal point in English: refused, never guessed.
   * "notNumber": anything else than digits with at most one separator (and a sign); returned
   * as typed, the field's own rule would read "+5" as 5 of the base unit, not of the unit chosen.
   * "tooLarge": more base units than a number holds exactly (it would print as "1e+21"). */
  why: "fraction" | "grouped" | "notNumber" | "tooLarge";
};

export const isRefusedAmount = (value: unknown): value is RefusedAmount =>
  typeof value === "object" && value !== null && (value as Partial<RefusedAmount>).refusedAmount === true;

/**
 * What was typed, in the base unit: whole or decimal amounts (comma or point, a leading + or -)
 * times the unit, when the product is a whole number of base units (1.5 MB of a KB field is
 * 1536), and the separator cannot be a thousands separator. Anything else is refused, saying why;
 * a negative amount is converted, so the field's rule says that it cannot be negative.
 */
export function fromDisplay(base: BaseUnit, amount: string, unit: string | undefined): string | RefusedAmount {
  const m = /^\s*([+-]?)(\d+)(?:[.,](\d+))?\s*$/.exec(amount);
  // No unit (or one the field does not offer): the amount is in the base unit.
  const offered = unitsFor(base).find((u) => u.unit === unit) ?? { unit: base, factor: 1 };
  const refused = (why: RefusedAmount["why"]): RefusedAmount => ({
    refusedAmount: true,
    amount: amount.trim(),
    unit: offered.unit,
    base,
    why,
  });
  if (!m) return refused("notNumber");
  const sign = m[1] === "-" ? "-" : "";
  const digits = m[2]!;
  // A group never starts with 0, so "0.500" is a decimal in every language.
  if (m[3]?.length === 3 && /^[1-9]\d{0,2}$/.test(digits)) return refused("grouped");
  const value = Number(`${sign}${digits}.${m[3] ?? "0"}`) * offered.factor;
  const whole = Math.round(value);
  // Past 2^53 a number is no longer exact, and String() writes it as "1e+21", which no field
  // reads as a number. A negative one is still written in digits, so its field says "0 or more".
  if (!Number.isSafeInteger(whole)) {
    if (sign === "") return refused("tooLarge");
    return Number.isFinite(whole) ? BigInt(whole).toString() : `-${digits}`;
  }
  // A binary fraction times 1024 is exact; the tolerance only absorbs decimal-to-float noise.
  if (Math.abs(value - whole) > 1e-6) return refused("fraction");
  return String(whole);
}
