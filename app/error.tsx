"use client";
// What a person sees when a page could not be made (the database away, a pool timeout, a fault of
// ours) or a form's answer never came back (the connection dropped): in their language, never
// Next's English "This page couldn't load". It says the fault is the portal's and offers to try
// again (the page fetched anew) or to go back. The root layout, which reads nothing that can fail
// (i18n/request.ts falls back to the browser's language), stays around it with its translations.
// An error of the server reaches the browser without its message, only Next's digest of it, which
// Next prints with the error in the web process's log: shown as a reference, support can find it.
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { Button } from "./ui/button";

type Props = { error: unknown; retry: () => void };

export default function ErrorPage({ error, retry }: Props) {
  const t = useTranslations("common.errorPage");
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus on what happened, as after a refusal: the control that was pressed may be gone.
  useEffect(() => heading.current?.focus(), []);
  const digest =
    error && typeof error === "object" && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : undefined;
  // Opened directly there is nowhere to go back to: the start page is then the way out.
  const goBack = () => (window.history.length > 1 ? router.back() : router.push("/"));
  return (
    <main id="main" className="flex items-center justify-center px-4 py-16">
      <div className="max-w-lg space-y-3 text-center">
        <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold text-slate-900 focus:outline-none">
          {t("title")}
        </h1>
        <p className="text-slate-700">{t("body")}</p>
        {digest ? <p className="text-xs text-slate-600">{t("reference", { digest })}</p> : null}
        <div className="flex flex-wrap justify-center gap-2 pt-2">
          <Button onClick={() => retry()}>{t("tryAgain")}</Button>
          <Button variant="secondary" onClick={goBack}>
            {t("back")}
          </Button>
        </div>
      </div>
    </main>
  );
}
