"use client";
// Re-reads the service page (and so the provider) every `seconds` while it is open, so a state
// that changes at the provider (activation, a queued deletion) shows up without a reload
// (docs/accessibility.md "Live updates"). A page that changes by itself must let the person stop
// it: a button pauses the updates until it is pressed again. Nor does it refresh while the
// person has typed into one of the page's forms (the page would move under them), or while the
// tab is hidden (nobody reads it, and each refresh is a read at the provider); a tick missed
// while hidden is made up when the tab is shown again. A new state is said once in a polite
// live region; the state the page opened on is not.
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button } from "@/app/ui/button";
import { typedIntoForm } from "@/app/ui/typed-into-form";

type Props = {
  seconds: number;
  /** The state the page shows, in the viewer's words ("State at the provider now: Disabled"). */
  stateText: string;
};

export function AutoRefresh({ seconds, stateText }: Props) {
  const t = useTranslations("services.autoRefresh");
  const router = useRouter();
  const [paused, setPaused] = useState(false);
  const said = useSaidOnChange(stateText);

  useEffect(() => {
    if (paused) return;
    let missed = false;
    const tick = () => {
      missed = document.visibilityState === "hidden";
      if (!missed && !typedIntoForm()) router.refresh();
    };
    const timer = setInterval(tick, seconds * 1000);
    const shown = () => {
      if (missed && document.visibilityState === "visible") tick();
    };
    document.addEventListener("visibilitychange", shown);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", shown);
    };
  }, [paused, seconds, router]);

  function toggle() {
    // Resumed, the page catches up at once rather than a period later.
    if (paused && !typedIntoForm()) router.refresh();
    setPaused(!paused);
  }

  return (
    <div className="mb-4 flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-700" data-testid="auto-refresh-status">
        {paused ? t("paused") : t("running", { seconds })}
      </span>
      <Button
        variant="secondary"
        className="px-3 py-1 aria-pressed:border-blue-700 aria-pressed:bg-blue-50"
        aria-pressed={paused}
        onClick={toggle}
      >
        {t("pause")}
      </Button>
      <p className="sr-only" aria-live="polite" aria-atomic="true" data-testid="service-state-announcement">
        {said}
      </p>
    </div>
  );
}

/** `text` once it differs from what the previous render showed; empty until the first change. */
function useSaidOnChange(text: string): string {
  const [last, setLast] = useState(text);
  const [said, setSaid] = useState("");
  if (text !== last) {
    setLast(text);
    setSaid(text);
  }
  return said;
}
