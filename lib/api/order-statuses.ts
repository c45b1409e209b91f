// The order statuses as a list for schemas, from the Prisma enum so none can be forgotten.
import { OrderStatus } from "@/lib/generated/prisma/enums";

export const ORDER_STATUSES = Object.values(OrderStatus) as [OrderStatus, ...OrderStatus[]];
