// Reseller API (docs/api.md): one service.
import { apiRoute } from "@/lib/api/handler";
import { getServiceApi } from "@/lib/api/services";

export const GET = apiRoute<{ id: string }>("services:read", getServiceApi);
