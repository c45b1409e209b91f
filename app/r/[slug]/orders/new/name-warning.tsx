"use client";
// Warns before submitting when the name is already ordered in this portal or already exists at
// the provider (GET …/orders/name-check, a read-only lookup). Checked when the name field loses
// focus or changes and then rests, so typing does not send a request per keystroke.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { NameCheck } from "@/lib/orders/name-check";

type Props = { checkUrl: string; kind: string; fieldId: string; ordersPath: string; provider: string };

export function NameWarning({ checkUrl, kind, fieldId, ordersPath, provider }: Props) {
  const t = useTranslations("nameCheck");
  const status = useTranslations("status");
  const [name, setName] = useState("");
  const [check, setCheck] = useState<NameCheck | null>(null);

  useEffect(() => {
    const input = document.getElementById(fieldId) as HTMLInputElement | null;
    if (!input) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = () => setName(input.value.trim());
    const onInput = () => {
      clearTimeout(timer);
      timer = setTimeout(settle, 600);
    };
    settle();
    input.addEventListener("input", onInput);
    input.addEventListener("blur", settle);
    return () => {
      clearTimeout(timer);
      input.removeEventListener("input", onInput);
      input.removeEventListener("blur", settle);
    };
  }, [fieldId]);

  useEffect(() => {
    if (!name) {
      setCheck(null);
      return;
    }
    const controller = new AbortController();
    fetch(`${checkUrl}?${new URLSearchParams({ kind, name })}`, { signal: controller.signal })
      .then((r) => (r.ok ? (r.json() as Promise<NameCheck | null>) : null))
      .then(setCheck)
      .catch(() => undefined);
    return () => controller.abort();
  }, [checkUrl, kind, name]);

  let body: React.ReactNode = null;
  if (check?.own) {
    body = (
      <>
        {t("ownOrder", { name: check.own.displayName, status: status(check.own.status) })}{" "}
        <Link className="font-medium underline" href={`${ordersPath}/${check.own.orderId}`}>
          {t("openOrder")}
        </Link>
      </>
    );
  } else if (check?.inUseElsewhere) {
    body = t("elsewhere", { name: check.key });
  } else if (check?.upstream === "exists") {
    body = t("upstream", { name: check.key, provider });
  }
  return (
    <div aria-live="polite" data-testid="name-warning">
      {body ? (
        <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">{body}</p>
      ) : null}
    </div>
  );
}
