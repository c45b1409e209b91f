// A readable view of the OpenAPI document for signed-in resellers: every operation with its
// parameters, body and answers; schemas expand on demand.
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/ui/page-header";
import { TitledSection } from "@/app/ui/titled-section";
import { apiDocumentCached } from "@/lib/api/openapi";
import { requireResellerAccess } from "@/lib/auth/session";
import { ResellerNav } from "../../_components/reseller-nav";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiAccess.reference"))("title") };
}

type Schema = Record<string, unknown>;
type Operation = {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};

/** The schema's name, or null for a schema written inline. */
function refName(schema: Schema | undefined): string | null {
  const ref = schema?.$ref;
  return typeof ref === "string" ? ref.split("/").pop()! : null;
}

function SchemaBlock({ label, schema }: { label: string; schema: Schema }) {
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
  const schemaName = (schema: Schema | undefined) => refName(schema) ?? t("inlineSchema");
  const doc = apiDocumentCached() as unknown as {
    info: { description: string };
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  return (
    <>
      <ResellerNav slug={slug} current="api" />
      <main className="space-y-6">
        <PageHeader title={t("title")} description={doc.info.description} />
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
            {ops.map(({ path, method, op }) => (
              <li key={`${method} ${path}`}>
                <a className="text-blue-800 underline" href={`#${method}-${path}`}>
                  <code>
                    {method} {path}
                  </code>{" "}
                  {op.summary}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {ops.map(({ path, method, op }) => (
          <section
            key={`${method} ${path}`}
            id={`${method}-${path}`}
            aria-labelledby={`h-${method}-${path}`}
            className="space-y-2 rounded-md border border-slate-200 bg-white p-4"
          >
            <h2 id={`h-${method}-${path}`} className="text-lg font-semibold">
              <code>
                {method} /api/v1{path}
              </code>{" "}
              — {op.summary}
            </h2>
            {op.description ? (
              <p className="whitespace-pre-line text-sm">{op.description.replaceAll("`", "")}</p>
            ) : null}
            {op.parameters?.length ? (
              <ul className="list-disc pl-5 text-sm">
                {op.parameters.map((p) => (
                  <li key={`${p.in}-${p.name}`}>
                    <code>{p.name}</code> ({p.in}
                    {p.required ? `, ${t("required")}` : ""}){p.description ? `: ${p.description}` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
            {op.requestBody
              ? Object.entries(op.requestBody.content).map(([type, media]) => (
                  <SchemaBlock
                    key={type}
                    label={t("requestBody", { type, schema: schemaName(media.schema) })}
                    schema={media.schema}
                  />
                ))
              : null}
            <ul className="space-y-1 text-sm">
              {Object.entries(op.responses).map(([status, r]) => (
                <li key={status}>
                  <strong>{status}</strong> {r.description}
                  {r.content
                    ? ` — ${Object.entries(r.content)
                        .map(([type, m]) => `${type}: ${schemaName(m.schema)}`)
                        .join(", ")}`
                    : ""}
                </li>
              ))}
            </ul>
          </section>
        ))}
        <TitledSection id="schemas-heading" title={t("schemas")} className="space-y-2">
          {Object.entries(doc.components.schemas).map(([name, schema]) => (
            <SchemaBlock key={name} label={name} schema={schema} />
          ))}
        </TitledSection>
      </main>
    </>
  );
}
