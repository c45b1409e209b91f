// The list of problems at the top of a form, announced when it appears (role=alert), each item
// a link that moves focus to its field. Pass a ref to move keyboard focus onto it after a submit.
// Its heading is `common.problem`, a namespace every page sends (docs/i18n.md "Client messages"),
// so every form's summary speaks the person's language without passing a title.
import { useTranslations } from "next-intl";
import type { Ref } from "react";

type Props = {
  ref?: Ref<HTMLDivElement>;
  formError?: string | null;
  /** Field id → label → messages, in form order. */
  items: readonly { id: string; label: string; messages: readonly string[] }[];
};

export function ErrorSummary({ ref, formError, items }: Props) {
  const t = useTranslations("common");
  if (!formError && items.length === 0) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      className="rounded-md border-2 border-red-700 bg-red-50 p-4 text-sm text-red-900 focus:outline-2 focus:outline-red-700"
    >
      <h2 className="font-semibold">{t("problem")}</h2>
      {formError ? <p className="mt-1">{formError}</p> : null}
      {items.length > 0 ? (
        <ul className="mt-2 list-disc space-y-1 pl-5">
          {items.map((item) => (
            <li key={item.id}>
              <a className="underline" href={`#${item.id}`}>
                {item.label}: {item.messages.join(" ")}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
