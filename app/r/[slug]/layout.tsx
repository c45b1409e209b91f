import { AppHeader } from "@/app/components/app-header";
import { requireResellerAccess } from "@/lib/auth/session";

type Props = { children: React.ReactNode; params: Promise<{ slug: string }> };

// The layout guards too, but every page under it must still call requireResellerAccess():
// layouts do not re-render on every navigation and server actions bypass them.
export default async function ResellerLayout({ children, params }: Props) {
  const { user, reseller } = await requireResellerAccess((await params).slug);
  return (
    <>
      <AppHeader user={user} context={reseller.name} />
      <div className="mx-auto max-w-6xl px-4 py-8">{children}</div>
    </>
  );
}
