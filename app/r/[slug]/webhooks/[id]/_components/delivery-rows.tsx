"use client";
// A webhook endpoint's deliveries, drawn from compact data, as the order tables' rows are
// (app/support/_components/order-rows.tsx says why): the page (../page.tsx) translates and formats
// what a row shows and sends each row as a few values, the words every row repeats once per table.
// A row's last error (the receiver's words labelled as theirs) is rendered by the server and
// passed as a node by row id. The HTML the server renders is the same as before.
import Link from "next/link";
import type { ReactNode } from "react";
import { ActionButton } from "@/app/ui/action-button";
import { TD_CLASS } from "@/app/ui/table";
import type { FormResult } from "@/lib/forms/result";

const CELL = `${TD_CLASS} `;

type Time = { iso: string; text: string };

/** One delivery as the page prepared it. */
export type DeliveryRowData = {
  id: string;
  eventType: string;
  orderId: string | null;
  status: string;
  /** When a pending delivery that was tried already is tried next, else null. */
  nextTry: Time | null;
  /** The last answer's status code, "no answer", or "". */
  response: string;
  attempts: number;
  lastAttempt: Time | null;
  created: Time;
  /** The resend button's name for screen readers ("Resend order.succeeded delivery …"). */
  resendLabel: string;
};

/** What every row repeats, sent once: the column names (a stacked row's labels on a phone) and the words. */
export type DeliveryRowWords = {
  colEvent: string;
  colOrder: string;
  colStatus: string;
  colResponse: string;
  colAttempts: string;
  colLastAttempt: string;
  colCreated: string;
  order: string;
  nextTry: string;
  resend: string;
  statusWord: Record<string, string>;
};

type Props = {
  slug: string;
  rows: DeliveryRowData[];
  words: DeliveryRowWords;
  /** Last errors, rendered by the server, by row id. */
  errors: Record<string, ReactNode>;
  /** The resend action for this endpoint (a delivery's id still to bind), or null when the endpoint is disabled. */
  resend: ((deliveryId: string, prev: FormResult<unknown>, formData: FormData) => Promise<FormResult<unknown>>) | null;
};

export function DeliveryRows({ slug, rows, words: w, errors, resend }: Props) {
  return rows.map((d) => (
    <tr key={d.id}>
      <td className={CELL} data-label={w.colEvent}>
        <code>{d.eventType}</code>
        <div className="text-xs text-slate-600">{d.id}</div>
      </td>
      <td className={CELL} data-label={w.colOrder}>
        {d.orderId ? (
          <Link className="text-blue-800 underline" href={`/r/${slug}/orders/${d.orderId}`}>
            {w.order}
          </Link>
        ) : null}
      </td>
      <td className={CELL} data-label={w.colStatus}>
        {w.statusWord[d.status]}
        {d.nextTry ? (
          <div className="text-xs text-slate-600">
            {w.nextTry} <time dateTime={d.nextTry.iso}>{d.nextTry.text}</time>
          </div>
        ) : null}
      </td>
      <td className={CELL} data-label={w.colResponse}>
        {d.response}
        {d.id in errors ? <div className="text-xs text-slate-600">{errors[d.id]}</div> : null}
      </td>
      <td className={CELL} data-label={w.colAttempts}>
        {d.attempts}
      </td>
      <td className={CELL} data-label={w.colLastAttempt}>
        {d.lastAttempt ? <time dateTime={d.lastAttempt.iso}>{d.lastAttempt.text}</time> : ""}
      </td>
      <td className={CELL} data-label={w.colCreated}>
        <time dateTime={d.created.iso}>{d.created.text}</time>
      </td>
      <td className={CELL}>
        {/* Bound here, in the browser, to the row's id: the page sends the action once, not once per
            row. Always in its place, so a refused Resend keeps saying why once the page, shown
            again, has no button (the endpoint was found turned off). */}
        <ActionButton action={resend ? resend.bind(null, d.id) : null} variant="secondary" aria-label={d.resendLabel}>
          {w.resend}
        </ActionButton>
      </td>
    </tr>
  ));
}
