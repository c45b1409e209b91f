// Identifiers an API client works with (webhook event types, token scopes), shown as they are
// written there, each with its meaning in the viewer's language beside it for screen readers and
// as a tooltip: the codes are what a receiver or a script matches, the meaning is what they do.
export function CodeList({ items }: { items: { code: string; meaning: string }[] }) {
  return (
    <span>
      {items.map(({ code, meaning }, i) => (
        <span key={code}>
          {i > 0 ? ", " : null}
          <code title={meaning}>{code}</code>
          <span className="sr-only"> ({meaning})</span>
        </span>
      ))}
    </span>
  );
}
