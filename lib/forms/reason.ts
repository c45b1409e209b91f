// Why a person acts (support's order actions, an administrator's purge or limits, a drift
// finding's action): required, kept in the audit log. One rule everywhere, in lib/forms so every
// folder that asks for a reason can use it (docs/maintenance.md "Folder layering").
import { z } from "zod";
import { v } from "@/lib/i18n/validation";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "./control-chars";

export const reasonSchema = z
  .string({ error: v("reasonMissing") })
  .trim()
  .min(3, v("reasonShort", { min: 3 }))
  .max(500, v("tooLong", { max: 500 }))
  .refine((s) => !hasControlChars(s, true), CONTROL_CHARS_MESSAGE);
