// A text the portal wrote on an order (an event reason, a last error, an attempt's note) in the
// viewer's language (docs/i18n.md "Portal-written order texts"). An upstream's words inside it,
// or a text the portal did not write, are quoted as received and labelled as the provider's; a
// person's own reason (`unknown="plain"`) is shown as they typed it.
import { useTranslations } from "next-intl";
import { type Piece, type PortalWords, readPortalText } from "@/lib/i18n/portal-texts";
import { ProviderWords } from "./provider-words";

type Props = { text: string; provider: string; unknown?: "provider" | "plain"; className?: string };

export function PortalText({ text, provider, unknown = "provider", className }: Props) {
  const words = readPortalText(text);
  if (words)
    return (
      <span className={className} data-testid="portal-text" data-key={words.key}>
        <Words words={words} provider={provider} />
      </span>
    );
  if (unknown === "plain") return <span className={className}>{text}</span>;
  return <ProviderWords provider={provider} text={text} className={className} />;
}

// The translated sentence is made with a marker in place of each nested text, then cut at the
// markers so the nested parts can be elements of their own (the provider's label, the quote).
const MARK = "\u0000";

function Words({ words, provider }: { words: PortalWords; provider: string }) {
  const t = useTranslations("portalTexts");
  const slots = [...Object.keys(words.nested), ...Object.keys(words.lists)];
  const marked = Object.fromEntries(slots.map((name) => [name, `${MARK}${name}${MARK}`]));
  const parts = t(words.key, { ...words.values, ...marked }).split(MARK);
  return (
    <>
      {parts.map((part, i) => {
        const key = `${i}-${part}`;
        if (i % 2 === 0) return part ? <span key={key}>{part}</span> : null;
        const nested = words.nested[part];
        if (nested) return <PieceView key={key} piece={nested} provider={provider} />;
        return (
          <span key={key}>
            {(words.lists[part] ?? []).map((p, j) => (
              // One difference per field: the piece itself is a stable key.
              <span key={JSON.stringify(p)}>
                {j > 0 ? "; " : null}
                <PieceView piece={p} provider={provider} />
              </span>
            ))}
          </span>
        );
      })}
    </>
  );
}

function PieceView({ piece, provider }: { piece: Piece; provider: string }) {
  if ("words" in piece) return <Words words={piece.words} provider={provider} />;
  return <ProviderWords provider={provider} text={piece.quote} />;
}
