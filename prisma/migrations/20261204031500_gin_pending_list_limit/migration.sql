-- The trigram indexes take each new entry into a pending list and merge the list into the index
-- when a writer finds it over gin_pending_list_limit (4 MB by default). Every placed order adds a
-- row to order_search and every created service a row to service, so their three indexes fill
-- at the same pace and, with 4 MB, all crossed the limit together about every 5,000 orders: the
-- writers that crossed it merged about 500 pages each inside their own statements, and for about
-- a second every order waited behind them (up to 0.7 s from commit to succeeded at 100 orders/s,
-- docs/benchmarks.md "The GIN pending lists' merges, every 5,000 orders"). At 256 kB a merge is
-- about 32 pages, a few hundred orders apart, and no order waits for one long.
ALTER INDEX "order_search_name_trgm" SET (gin_pending_list_limit = 256);
ALTER INDEX "order_search_server_label_trgm" SET (gin_pending_list_limit = 256);
ALTER INDEX "service_display_name_trgm" SET (gin_pending_list_limit = 256);
ALTER INDEX "service_natural_key_trgm" SET (gin_pending_list_limit = 256);
ALTER INDEX "customer_name_trgm" SET (gin_pending_list_limit = 256);
