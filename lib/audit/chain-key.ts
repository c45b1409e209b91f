// The audit chain an order's events belong to. The chain's insert trigger sets chain_key to
// 'order:' || order_id for every row that has an order (init migration, kept by
// *_audit_chain_inline_hash), so the unique (chain_key, chain_seq) index finds an order's rows and
// audit_event needs no index of its own on order_id (docs/benchmarks/postgres.md "Fewer audit_event
// indexes"). Readers filter on both: the key finds the rows, order_id keeps the filter exact.
export function orderChainKey(orderId: string): string {
  return `order:${orderId}`;
}
