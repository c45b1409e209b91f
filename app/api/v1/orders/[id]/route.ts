// Reseller API (docs/api.md): one order with its timeline.
import { apiRoute } from "@/lib/api/handler";
import { getOrderApi } from "@/lib/api/orders";

export const GET = apiRoute<{ id: string }>("orders:read", getOrderApi);
