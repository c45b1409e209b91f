"use client";
// Keeps support's order page current, as the reseller's is: while the order is in flight (or
// just after an action), polls its version every 2 s and re-renders the page when it moved.
// Settled orders are checked every 15 s, so a change by another person still shows. While the
// person has typed into one of the page's forms, the page is left alone: a refresh would drop
// their words, and the server refuses an action on a changed order anyway. A screen reader hears
// the new status when it changes, as on the reseller's page.
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { typedIntoForm } from "@/app/ui/typed-into-form";

const IN_FLIGHT = new Set(["pending", "queued", "provisioning", "retrying", "unknown"]);

export function LiveRefresh({
  orderId,
  version,
  status,
  statusText,
}: {
  orderId: string;
  version: number;
  status: string;
  /** "Order status: Failed", in the viewer's words: said once the status moves from the loaded one. */
  statusText: string;
}) {
  const router = useRouter();
  const shown = useRef(version);
  shown.current = version;
  // Only a change is announced (a refresh keeps this component), not the status the page opened on.
  const opened = useRef(status);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const res = await fetch(`/support/orders/${orderId}/status`, { cache: "no-store" });
        if (res.ok) {
          const now = (await res.json()) as { version: number };
          if (!stopped && now.version !== shown.current && !typedIntoForm()) router.refresh();
        }
      } catch {
        // A missed poll is retried at the next tick.
      }
      if (!stopped) timer = setTimeout(tick, IN_FLIGHT.has(status) ? 2_000 : 15_000);
    };
    timer = setTimeout(tick, IN_FLIGHT.has(status) ? 2_000 : 15_000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [orderId, status, router]);
  return (
    <p className="sr-only" aria-live="polite" aria-atomic="true">
      {status === opened.current ? "" : statusText}
    </p>
  );
}
