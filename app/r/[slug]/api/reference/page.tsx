// A readable view of the OpenAPI document for signed-in resellers: every operation with its
// parameters, body and answers; schemas expand on demand.
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/ui/page-header";
import { TitledSection } from "@/app/ui/titled-section";
import { apiReference, type ReferenceSchema, schemaRefName } from "@/lib/api/reference";
import { requireResellerAccess } from "@/lib/auth/session";
import { ResellerNav } from "../../_components/reseller-nav";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiAccess.reference"))("title") };
}

function SchemaBlock({ label, schema }: { label: string; schema: ReferenceSchema | undefined }) {
  return (
    <details className="rounded border border-slate-200 bg-slate-50 p-2">
      <summary className="cursor-pointer text-sm font-medium">{label}</summary>
      <pre className="mt-2 max-h-96 overflow-auto text-xs">{JSON.stringify(schema, null, 2)}</pre>
    </details>
  );
}

export default async function ApiReferencePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireResellerAccess(slug);
  const t = await getTranslations("apiAccess.reference");
  const schemaName = (schema: ReferenceSchema | undefined) => schemaRefName(schema) ?? t("inlineSchema");
  const { description, operations: ops, schemas } = apiReference();
  return (
    <>
      <ResellerNav slug={slug} current="api" />
      <main id="main" className="space-y-6">
        <PageHeader title={t("title")} description={description} />
        <p className="text-sm">
          {t.rich("base", {
            code: (chunks) => <code>{chunks}</code>,
            openapi: (chunks) => (
              <a className="font-medium text-blue-800 underline" href="/api/v1/openapi.json">
                {chunks}
              </a>
            ),
          })}
        </p>
        {/* The document itself stays English: it is what the API answers (docs/i18n.md). */}
        <p className="text-sm text-slate-600">{t("english")}</p>
        <nav aria-label={t("operations")}>
          <ul className="list-disc pl-5 text-sm">
            {ops.map(({ path, method, summary }) => (
              <li key={`${method} ${path}`}>
                <a className="text-blue-800 underline" href={`#${method}-${path}`}>
                  <code>
                    {method} {path}
                  </code>{" "}
                  {summary}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {ops.map((op) => (
          <section
            key={`${op.method} ${op.path}`}
            id={`${op.method}-${op.path}`}
            aria-labelledby={`h-${op.method}-${op.path}`}
            className="space-y-2 rounded-md border border-slate-200 bg-white p-4"
          >
            <h2 id={`h-${op.method}-${op.path}`} className="text-lg font-semibold">
              <code>
                {op.method} /api/v1{op.path}
              </code>{" "}
              — {op.summary}
            </h2>
            {op.description ? (
              <p className="whitespace-pre-line text-sm">{op.description.replaceAll("`", "")}</p>
            ) : null}
            {op.parameters.length ? (
              <ul className="list-disc pl-5 text-sm">
                {op.parameters.map((p) => (
                  <li key={`${p.in}-${p.name}`}>
                    <code>{p.name}</code> ({p.in}
                    {p.required ? `, ${t("required")}` : ""}){p.description ? `: ${p.description}` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
            {op.body.map(({ type, schema }) => (
              <SchemaBlock key={type} label={t("requestBody", { type, schema: schemaName(schema) })} schema={schema} />
            ))}
            <ul className="space-y-1 text-sm">
              {op.responses.map(({ status, description, content }) => (
                <li key={status}>
                  <strong>{status}</strong> {description}
                  {content.length
                    ? ` — ${content.map(({ type, schema }) => `${type}: ${schemaName(schema)}`).join(", ")}`
                    : ""}
                </li>
              ))}
            </ul>
          </section>
        ))}
        <TitledSection id="schemas-heading" title={t("schemas")} className="space-y-2">
          {schemas.map(([name, schema]) => (
            <SchemaBlock key={name} label={name} schema={schema} />
          ))}
        </TitledSection>
      </main>
    </>
  );
}
