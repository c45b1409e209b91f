// Reseller API (docs/api.md): list services.
import { apiRoute } from "@/lib/api/handler";
import { listServicesApi } from "@/lib/api/services";

export const GET = apiRoute("services:read", listServicesApi);
