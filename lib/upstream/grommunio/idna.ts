// What grommunio does to a domain name (docs/upstream/grommunio.md §5, orm/domains.py + tools/formats.py): Python
// `idna.encode` (IDNA 2008, no UTS46 mapping), and on failure the raw string is used. The client
// encodes lookup filters the same way so that what it asks for is what grommunio stored; the
// simulator has its own implementation (simulators/grommunio/idna.ts), held against this one by
// tests/unit/idna-client-vs-simulator.test.ts. This is deliberately NOT the order-form
// validator (lib/forms/idna.ts), which is stricter on purpose.
import punycode from "punycode/punycode.js";
import { idna2008Problem } from "@/lib/format/idna2008";

class IdnaError extends Error {}

// idna.core.check_label: NFC, hyphen rules, no leading combining mark, then the IDNA 2008 code
// point, context and Bidi rules (lib/format/idna2008.ts).
function checkLabel(label: string): void {
  if (label.normalize("NFC") !== label) throw new IdnaError("not NFC");
  if (label.startsWith("-") || label.endsWith("-")) throw new IdnaError("leading or trailing hyphen");
  if (label.slice(2, 4) === "--") throw new IdnaError("hyphens in 3rd and 4th position");
  if (/^\p{M}/u.test(label)) throw new IdnaError("leading combining mark");
  if (idna2008Problem(label)) throw new IdnaError("refused by IDNA 2008");
}

function ulabel(label: string): string {
  if (/\P{ASCII}/u.test(label)) {
    checkLabel(label);
    return label;
  }
  const lower = label.toLowerCase();
  if (!lower.startsWith("xn--")) {
    checkLabel(lower);
    return lower;
  }
  const body = lower.slice(4);
  if (!body || body.endsWith("-")) throw new IdnaError("malformed A-label");
  let decoded: string;
  try {
    decoded = punycode.decode(body);
  } catch {
    throw new IdnaError("bad punycode");
  }
  checkLabel(decoded);
  return decoded;
}

function alabel(label: string): string {
  if (!/\P{ASCII}/u.test(label)) {
    ulabel(label); // validates; ASCII capitals survive because ulabel checks a lower-cased copy
    if (label.length > 63) throw new IdnaError("label too long");
    return label;
  }
  checkLabel(label); // capitals (ASCII ones too) in a label that needs encoding are DISALLOWED
  const encoded = `xn--${punycode.encode(label)}`;
  if (encoded.length > 63) throw new IdnaError("label too long");
  return encoded;
}

function splitLabels(name: string): { labels: string[]; trailingDot: boolean } {
  const labels = name.split(".");
  const trailingDot = labels.length > 1 && labels[labels.length - 1] === "";
  if (trailingDot) labels.pop();
  if (labels.some((l) => l === "")) throw new IdnaError("empty label");
  return { labels, trailingDot };
}

/** Python `idna.encode(name)`, or null where it would raise. */
export function pyIdnaEncode(name: string): string | null {
  try {
    if (name === "") return null;
    const { labels, trailingDot } = splitLabels(name);
    const out = labels.map(alabel).join(".");
    return trailingDot ? `${out}.` : out;
  } catch (err) {
    if (err instanceof IdnaError) return null;
    throw err;
  }
}

/** The name grommunio stores for `name`: the IDNA encoding, or the raw string when encoding fails. */
export function grommunioDomainName(name: string): string {
  return pyIdnaEncode(name) ?? name;
}
