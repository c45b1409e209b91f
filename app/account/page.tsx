import { redirect } from "next/navigation";
import { requireSignedIn } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  await requireSignedIn();
  redirect("/account/sessions");
}
