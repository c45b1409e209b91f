// Creating and editing customers. Validation here is the truth; the form's checks are hints.
import { db, Prisma } from "@/lib/db";
import { invalid } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { isUuid } from "./queries";
import { customerSchema } from "./schemas";

const DUPLICATE_NAME = "You already have a customer with this name";

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

export async function createCustomer(resellerId: string, input: unknown): Promise<FormResult<{ id: string }>> {
  const parsed = customerSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  try {
    const row = await db().customer.create({ data: { resellerId, ...parsed.data }, select: { id: true } });
    return { ok: true, data: row };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, fieldErrors: { name: [DUPLICATE_NAME] } };
    throw err;
  }
}

export async function updateCustomer(
  resellerId: string,
  id: string,
  input: unknown,
): Promise<FormResult<{ id: string }>> {
  const parsed = customerSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const notFound: FormResult<never> = { ok: false, fieldErrors: {}, formError: "This customer no longer exists." };
  if (!isUuid(id)) return notFound;
  // Optional fields left blank are cleared, not kept: the form shows every field.
  const data = {
    name: parsed.data.name,
    email: parsed.data.email ?? null,
    reference: parsed.data.reference ?? null,
    notes: parsed.data.notes ?? null,
  };
  try {
    const { count } = await db().customer.updateMany({ where: { id, resellerId }, data });
    return count === 1 ? { ok: true, data: { id } } : notFound;
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, fieldErrors: { name: [DUPLICATE_NAME] } };
    throw err;
  }
}
