"use client";
// A password field with a show/hide switch and a live strength hint. Never pre-filled: an
// "edit and resubmit" form asks for the password again because the old one is not kept.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Input } from "@/app/ui/field";
import { passwordStrength } from "./password-strength";

type Props = { id: string; name: string; hint?: string; errors?: string[]; required?: boolean; showStrength: boolean };

const bar = ["bg-red-600", "bg-red-600", "bg-amber-500", "bg-green-600", "bg-green-700"];

export function PasswordInput({ id, name, hint, errors, required, showStrength }: Props) {
  const t = useTranslations("orderForm.password");
  const [visible, setVisible] = useState(false);
  const [value, setValue] = useState("");
  const strength = passwordStrength(value);
  const strengthId = `${id}-strength`;

  return (
    <div>
      <div className="flex gap-2">
        <Input
          id={id}
          name={name}
          hint={hint}
          errors={errors}
          describedBy={showStrength ? strengthId : undefined}
          type={visible ? "text" : "password"}
          autoComplete="new-password"
          spellCheck={false}
          required={required}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button
          type="button"
          className="shrink-0 rounded-md border border-slate-300 bg-white px-3 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
          aria-controls={id}
          aria-pressed={visible}
          onClick={() => setVisible((v) => !v)}
        >
          {visible ? t("hide") : t("show")}
          <span className="sr-only"> {t("srPassword")}</span>
        </button>
      </div>
      {showStrength ? (
        <div className="mt-1 flex items-center gap-2" id={strengthId}>
          <div className="h-1.5 w-24 rounded bg-slate-200" aria-hidden="true">
            <div
              className={`h-1.5 rounded ${bar[strength.score]}`}
              style={{ width: `${(strength.score / 4) * 100}%` }}
            />
          </div>
          <p className="text-xs text-slate-700" aria-live="polite">
            {value ? t("strength", { label: t(`labels.${strength.score}`) }) : t("typeOne")}
          </p>
        </div>
      ) : null}
    </div>
  );
}
