import type { Metadata } from "next";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { AppHeader } from "@/app/components/app-header";
import { Button } from "@/app/ui/button";
import { PageHeader } from "@/app/ui/page-header";
import { SelectField } from "@/app/ui/select";
import { requireUser } from "@/lib/auth/session";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { BROWSER_TIME_ZONE_COOKIE, DEFAULT_TIME_ZONE, isTimeZone, timeZoneNames } from "@/lib/i18n/time-zone";
import { saveProfile } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("profile"))("title") };
}

type Props = { searchParams: Promise<{ saved?: string; invalid?: string }> };

// Every signed-in user's own display preferences: language and time zone (docs/i18n.md).
export default async function ProfilePage({ searchParams }: Props) {
  const user = await requireUser();
  const [t, common, params, cookieStore] = await Promise.all([
    getTranslations("profile"),
    getTranslations("common"),
    searchParams,
    cookies(),
  ]);
  const browserZone = cookieStore.get(BROWSER_TIME_ZONE_COOKIE)?.value;
  const invalid = new Set((params.invalid ?? "").split(","));
  const context =
    user.role === "reseller" ? undefined : common(`contexts.${user.role === "admin" ? "admin" : "support"}`);
  // The two preferences, each with "follow the browser" (empty) as its first choice.
  const preferences = [
    {
      name: "locale",
      label: t("language"),
      current: user.locale,
      help: t("languageHelp"),
      error: t("invalidLocale"),
      options: [
        { value: "", label: t("languageBrowser") },
        ...LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] })),
      ],
    },
    {
      name: "timeZone",
      label: t("timeZone"),
      current: user.timeZone,
      help: t("timeZoneHelp"),
      error: t("invalidTimeZone"),
      options: [
        { value: "", label: t("timeZoneBrowser", { zone: isTimeZone(browserZone) ? browserZone : DEFAULT_TIME_ZONE }) },
        ...timeZoneNames().map((z) => ({ value: z, label: z.replaceAll("_", " ") })),
      ],
    },
  ] as const;
  return (
    <>
      <AppHeader user={user} context={context} />
      <main id="main" className="mx-auto max-w-xl px-4 py-8">
        <PageHeader title={t("title")} description={t("intro")} />
        {params.saved ? (
          <p role="status" className="mb-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
            {t("saved")}
          </p>
        ) : null}
        {params.invalid ? (
          <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
            {t("fixBelow")}
          </p>
        ) : null}
        <form action={saveProfile} className="space-y-5 rounded-md border border-slate-200 bg-white p-6">
          {preferences.map(({ name, label, current, help, error, options }) => (
            <SelectField
              key={name}
              id={name}
              name={name}
              label={label}
              defaultValue={current ?? ""}
              hint={help}
              errors={invalid.has(name) ? [error] : undefined}
              options={options}
            />
          ))}
          <Button type="submit" variant="primary">
            {t("save")}
          </Button>
        </form>
      </main>
    </>
  );
}
