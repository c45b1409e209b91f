// Reseller API (docs/api.md): cancel an order that has not started.
import { apiRoute } from "@/lib/api/handler";
import { cancelOrderApi } from "@/lib/api/orders";

export const POST = apiRoute<{ id: string }>("orders:write", cancelOrderApi);
