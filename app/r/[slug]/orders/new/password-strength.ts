// A rough strength hint for people, not a rule: the schema's password rule is what the server
// enforces. Length counts most; each character class adds a little.
export type Strength = { score: 0 | 1 | 2 | 3 | 4; label: string };

const LABELS = ["Too short", "Weak", "Fair", "Good", "Strong"] as const;

export function passwordStrength(value: string): Strength {
  if (value.length < 8) return { score: 0, label: LABELS[0] };
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((re) => re.test(value)).length;
  let score = classes >= 3 ? 2 : 1;
  if (value.length >= 12) score += 1;
  if (value.length >= 16 && classes >= 3) score += 1;
  const s = Math.min(score, 4) as Strength["score"];
  return { score: s, label: LABELS[s] };
}
