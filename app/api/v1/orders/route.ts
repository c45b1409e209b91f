// Reseller API (docs/api.md): list and place orders (Idempotency-Key required on POST).
import { apiRoute } from "@/lib/api/handler";
import { listOrdersApi, placeOrderApi } from "@/lib/api/orders";

export const GET = apiRoute("orders:read", listOrdersApi);
export const POST = apiRoute("orders:write", placeOrderApi);
