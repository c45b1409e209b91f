// A refused order's problems by field in the viewer's language (docs/i18n.md "Problems by
// field"): the portal's own words by key, the provider's quoted as received after its label.
// Used on the reseller's live order page and support's order page.
import { useTranslations } from "next-intl";
import { FORM_KEY } from "@/lib/forms/field-errors";
import { type FieldProblem, type FieldProblems, readProblem } from "@/lib/i18n/field-problems";
import { ProviderWords } from "./provider-words";

type Props = {
  problems: FieldProblems;
  provider: string;
  /** Field name → the form's label for it; a field without one is shown by its name, the whole order's problems without one. */
  labels?: Record<string, string>;
  label: string;
  className?: string;
};

export function FieldProblemList({ problems, provider, labels = {}, label, className }: Props) {
  const entries = Object.entries(problems).filter(([, list]) => list?.length);
  // Problems of the request as a whole are filed under an internal key, never shown: their
  // sentence stands alone unless the caller labels them.
  const labelOf = (field: string) => labels[field] ?? (field === FORM_KEY ? undefined : field);
  if (!entries.length) return null;
  return (
    <ul className={className ?? "mt-2 list-disc pl-5"} aria-label={label} data-testid="field-problems">
      {entries.map(([field, list]) => (
        <li key={field}>
          {labelOf(field) === undefined ? null : (
            <>
              <span className="font-medium">{labelOf(field)}:</span>{" "}
            </>
          )}
          {(list ?? []).map((p, i) => (
            <span key={JSON.stringify(p)}>
              {i > 0 ? " " : null}
              <FieldProblemText problem={p} provider={provider} />
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}

function FieldProblemText({ problem, provider }: { problem: FieldProblem; provider: string }) {
  const t = useTranslations("fieldProblems");
  const read = readProblem(problem);
  if ("quote" in read) return <ProviderWords provider={provider} text={read.quote} />;
  return <span data-key={read.key}>{t(read.key, read.values)}</span>;
}
