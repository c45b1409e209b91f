// Reseller API (docs/api.md): change, suspend, resume or delete a service (Idempotency-Key required).
import { apiRoute } from "@/lib/api/handler";
import { changeServiceApi } from "@/lib/api/services";

export const POST = apiRoute<{ id: string }>("services:write", changeServiceApi);
