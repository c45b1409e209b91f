// What of a provider's own message an order may keep and show (docs/i18n.md "Portal-written order
// texts"): the words go into a portal text as its `detail`, which the pages quote as the
// provider's, as grommunio's are (lib/upstream/grommunio/classify.ts). They are read by people
// only, never for meaning: Qboxmail words them in the account's language (docs/upstream/qboxmail.md §5).

/**
 * The longest message kept, in characters: enough to say what was refused, short enough to read
 * in a box. A text that nests it and still runs past the 500 characters an order keeps (a long
 * name inside "May exist upstream: the lookup of …") has it shortened again when stored, never
 * the portal's own words (`storedText` in lib/i18n/portal-texts.ts).
 */
const MAX_CHARS = 200;

/**
 * Words that may sit next to a secret, and the marks of a request body quoted back (a JSON or
 * Ruby hash: braces, `"key":`). A message of a refused create can repeat what was sent ("unexpected
 * token at '{"postmaster_password": …'", "La password 'Secret1' non è valida"), and what is kept
 * reaches the order, its audit record, the API and both pages: such a message is not kept at all.
 */
const MAY_HOLD_SECRET =
  /passw|kennwort|parola d'ordine|token|secret|segret|geheim|credential|credenzial|api[-_ ]?key|authori[sz]ation|bearer|[{}]|"\s*(?::|=>)/i;

/** A provider's message as kept: its cleaned words, withheld (it may hold a secret), or none given. */
export type KeptMessage = { kind: "kept"; text: string } | { kind: "withheld" } | { kind: "none" };

/**
 * `raw` (the `message` of an answer's body) as it may be stored: control and format characters
 * removed (a line break, a terminal escape, a right-to-left override that would turn the words
 * around on a page), blanks folded, a closing full stop dropped (the portal's sentence goes on
 * after it), and cut to MAX_CHARS. `secrets`: the values the request carried that no kept words
 * may repeat (its passwords, the API token: `requestSecrets`); a message repeating one, or a part
 * of one (`repeatsSecretOrPart`), is withheld, as one matching MAY_HOLD_SECRET is. Both are asked of the whole message, before the
 * cut, so a secret that straddles the cut is not half kept.
 */
export function keptMessage(raw: unknown, secrets: readonly string[] = []): KeptMessage {
  if (typeof raw !== "string") return { kind: "none" };
  const text = cleaned(raw).replace(/[\s.]+$/, "");
  if (!text) return { kind: "none" };
  if (MAY_HOLD_SECRET.test(text) || repeatsSecretOrPart(raw, secrets)) return { kind: "withheld" };
  // By code points, so a character outside the BMP is never cut in half.
  const chars = Array.from(text);
  return { kind: "kept", text: chars.length > MAX_CHARS ? `${chars.slice(0, MAX_CHARS - 1).join("")}…` : text };
}

/** Control and format characters removed, blanks folded, trimmed. */
export const cleaned = (s: string) =>
  s
    .replace(/\p{Cf}+/gu, "")
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, " ")
    .trim();

/**
 * The values of a request body that are secrets: the strings of every field whose name says
 * password (`postmaster_password`, `password`, their `_confirmation`s, at any depth). By name
 * rather than by a list, so a secret field a kind adds later is covered unasked; the policy
 * flags that name a password (`block_old_password`, `password_expiration`) are no strings.
 * `tests/unit/provider-message-secrets.test.ts` checks every Qboxmail kind's `secretFields`.
 */
export function requestSecrets(body: unknown): string[] {
  if (!body || typeof body !== "object") return [];
  return Object.entries(body).flatMap(([key, value]) =>
    typeof value === "string" ? (/passw/i.test(key) ? [value] : []) : requestSecrets(value),
  );
}

/**
 * A secret shorter than this is looked for only as a whole word. Every password an order sends
 * has at least 8 characters (lib/orders/schemas/passwords.ts) and the API token far more, so this
 * only meets a value from elsewhere; a value of one to three characters sits inside ordinary
 * words ("ab1" in "tab1e"), and looked for anywhere it would withhold almost every message,
 * while a quote of it ('ab1', "ab1") still stands alone and is caught. An empty value is no
 * secret: it would be found in every message.
 */
const MIN_ANYWHERE = 4;

/**
 * Whether `text`, as received or cleaned as it would be kept, holds one of `secrets` as sent,
 * JSON-escaped or URL-encoded, in any case.
 */
export function repeatsSecret(text: string, secrets: readonly string[]): boolean {
  const haystacks = [text, cleaned(text)].map((t) => t.toLowerCase());
  return secrets.some((secret) =>
    echoesOf(secret).some((echo) => {
      const needle = echo.toLowerCase();
      if (Array.from(needle).length >= MIN_ANYWHERE) return haystacks.some((h) => h.includes(needle));
      const word = new RegExp(`(?<![\\p{L}\\p{N}])${literal(needle)}(?![\\p{L}\\p{N}])`, "u");
      return haystacks.some((h) => word.test(h));
    }),
  );
}

/**
 * How many characters of a secret in a row count as a part of it: the fewest a password an order
 * sends may have (lib/orders/schemas/passwords.ts), so a password that short has no part but itself.
 */
const PART_CHARS = 8;

/**
 * repeatsSecret, or a part of a secret: PART_CHARS of its characters in a row, as sent or blanks
 * folded, in any case. A refusal that quotes a password cut short ("La password 'Tr0ub4dor&…' non è
 * valida") gives most of it away. Only for words kept as a detail (keptMessage, a Qboxmail field's
 * reason): a false match, a password of common words whose eight characters in a row a message
 * also holds, costs those words, never the answer's meaning. grommunio's screening, whose words the
 * classification reads, keeps to whole secrets (lib/upstream/grommunio/screened-answer.ts).
 */
export function repeatsSecretOrPart(text: string, secrets: readonly string[]): boolean {
  if (repeatsSecret(text, secrets)) return true;
  const haystacks = [text, cleaned(text)].map((t) => t.toLowerCase());
  return secrets.some((secret) =>
    [...new Set([secret, cleaned(secret)])].some((form) => {
      const chars = Array.from(form.toLowerCase());
      for (let i = 0; i + PART_CHARS <= chars.length; i++) {
        const part = chars.slice(i, i + PART_CHARS).join("");
        if (haystacks.some((h) => h.includes(part))) return true;
      }
      return false;
    }),
  );
}

/**
 * The forms in which an answer may repeat `secret`: as sent, blanks folded as the kept text
 * folds them, JSON-escaped (as JSON.stringify writes it, and as Rails writes `<`, `>`, `&` and,
 * ASCII-only, every other character as `\uXXXX`), and URL-encoded (a path or query, a form
 * body's `+` for a blank). Compared in lower case, so an escape's hex digits match either way.
 */
function echoesOf(secret: string): string[] {
  if (!secret) return [];
  const json = JSON.stringify(secret).slice(1, -1);
  const unicode = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  const htmlSafe = json.replace(/[<>&'\u2028\u2029]/g, unicode);
  const asciiOnly = htmlSafe.replace(/[^\x20-\x7e]/g, unicode);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  return [...new Set([secret, cleaned(secret), json, htmlSafe, asciiOnly, encodeURIComponent(secret), form])].filter(
    Boolean,
  );
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
