// A Qboxmail domain that works but whose MX records Qboxmail says need updating or verifying
// (state `active_mx_to_fix`, docs/upstream/qboxmail-lifecycle.md): what the reseller should do, and
// Qboxmail's own detail word, shown as received, to quote when asking Qboxmail about it.
import { useTranslations } from "next-intl";

export function MxToFixNotice({ detail }: { detail: unknown }) {
  const t = useTranslations("services.activation");
  return (
    <>
      <p className="text-sm" data-testid="mx-to-fix">
        {t("mxToFix")}
      </p>
      {typeof detail === "string" && detail ? (
        <p className="mt-2 text-sm">
          {t("mxDetail")} <span className="font-mono">{detail}</span>
        </p>
      ) : null}
    </>
  );
}
