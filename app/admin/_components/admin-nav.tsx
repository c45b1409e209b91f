import { SectionNav } from "@/app/ui/section-nav";

const LINKS = [
  { href: "/admin/resellers", label: "Resellers" },
  { href: "/admin/users", label: "Users" },
  { href: "/support", label: "Support console" },
];

export function AdminNav({ current }: { current: string }) {
  return <SectionNav label="Administration" links={LINKS} current={current} />;
}
