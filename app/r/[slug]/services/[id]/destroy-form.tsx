// Ending a service for good (a reseller's delete, an administrator's purge): a red button that
// places the order only once the service's name is typed, so a stray click or the wrong tab
// destroys nothing. Each page view gets a fresh idempotency key: a double submit places one order.
import { randomUUID } from "node:crypto";
import { type ChangeAction, ChangeForm } from "./change-form";

type Props = {
  action: ChangeAction;
  /** The service's name, typed back to confirm. */
  name: string;
  submitLabel: string;
  /** Unique on the page: the form's field ids start with it. */
  idPrefix: string;
  /** A choice the order takes, shown above the typed name (a purge's "delete the files too"). */
  option?: { name: string; label: string };
};

export function DestroyServiceForm({ action, name, submitLabel, idPrefix, option }: Props) {
  return (
    <ChangeForm
      action={action}
      idempotencyKey={randomUUID()}
      submitLabel={submitLabel}
      confirmName={name}
      danger
      idPrefix={idPrefix}
      option={option}
    />
  );
}
