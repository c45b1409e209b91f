// Known domain errors of the order pipeline. Their messages are written for people: actions may
// show them as they are (docs/design.md#conventions), which is why they extend UserFacingError,
// and forms translate them (said(), docs/i18n.md "Sentences from lib/").
import { UserFacingError } from "@/lib/forms/user-facing-error";
import { said } from "@/lib/i18n/sentences";

/** The order changed (another worker, a person) since it was read; the caller's step is void. */
export class StaleOrderError extends UserFacingError {
  readonly code = "stale_order";
  constructor(readonly orderId: string) {
    super(said("staleOrder"));
    this.name = "StaleOrderError";
  }
}

/** The state machine does not allow this step from the order's current status. */
export class IllegalTransitionError extends UserFacingError {
  readonly code = "illegal_transition";
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(said("illegalTransition", { from, to }));
    this.name = "IllegalTransitionError";
  }
}

export class OrderNotFoundError extends UserFacingError {
  readonly code = "order_not_found";
  constructor() {
    super(said("orderNotFound"));
    this.name = "OrderNotFoundError";
  }
}

/**
 * Whether a write failed on the rule of one open order per service (the partial unique index
 * "order_one_open_change_per_service"): another change, suspension or deletion of the service
 * is still open.
 */
export function isOpenChangeConflict(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return text.includes("order_one_open_change_per_service");
}

export function isOrderDomainError(err: unknown): err is StaleOrderError | IllegalTransitionError | OrderNotFoundError {
  return err instanceof StaleOrderError || err instanceof IllegalTransitionError || err instanceof OrderNotFoundError;
}
