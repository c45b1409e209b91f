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
 * An amount that is not a whole number of the field's base unit (1.5 d, 0.3 KB of a size kept in
 * bytes). It is refused with its own message (sync-policy.ts), never rounded: the upstream
 * would otherwise hold a value nobody typed.
 */
export type NotWhole = {
  notWhole: true;
  amount: string;
  unit: string;
  base: BaseUnit;
  /** "grouped": one separator before exactly three digits ("2.000", "1,500"), a thousands
   * separator in Italian and German but a decimal point in English: refused, never guessed. */
  why: "fraction" | "grouped";
};

export const isNotWhole = (value: unknown): value is NotWhole =>
  typeof value === "object" && value !== null && (value as Partial<NotWhole>).notWhole === true;

/**
 * What was typed, in the base unit: whole or decimal amounts (comma or point) times the unit,
 * when the product is a whole number of base units (1.5 MB of a KB field is 1536), and the
 * separator cannot be a thousands separator. Anything that is not a number is returned as typed,
 * so the schema names the problem.
 */
export function fromDisplay(base: BaseUnit, amount: string, unit: string | undefined): string | NotWhole {
  const m = /^\s*(-?\d+)(?:[.,](\d+))?\s*$/.exec(amount);
  // No unit (or one the field does not offer): the amount is in the base unit.
  const offered = unitsFor(base).find((u) => u.unit === unit) ?? { unit: base, factor: 1 };
  if (!m) return amount;
  const refused = (why: NotWhole["why"]): NotWhole => ({
    notWhole: true,
    amount: amount.trim(),
    unit: offered.unit,
    base,
    why,
  });
  // A group never starts with 0, so "0.500" is a decimal in every language.
  if (m[2]?.length === 3 && /^-?[1-9]\d{0,2}$/.test(m[1]!)) return refused("grouped");
  const value = Number(`${m[1]}.${m[2] ?? "0"}`) * offered.factor;
  const whole = Math.round(value);
  // A binary fraction times 1024 is exact; the tolerance only absorbs decimal-to-float noise.
  if (Math.abs(value - whole) > 1e-6) return refused("fraction");
  return String(whole);
}
