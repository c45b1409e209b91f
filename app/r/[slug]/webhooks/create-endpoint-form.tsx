"use client";
// Register a webhook endpoint. The signing secret appears once, here, right after creation.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { DEFAULT_EVENTS, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/events";
import { CreateWithSecretForm } from "../_components/create-with-secret-form";
import { ShownOnce } from "../_components/shown-once";
import type { FormAction } from "../_components/use-form-action";

export function CreateEndpointForm({
  slug,
  action,
}: {
  slug: string;
  action: FormAction<{ secret: string; id: string }>;
}) {
  const t = useTranslations("webhooks");
  return (
    <CreateWithSecretForm
      action={action}
      rows={[
        {
          id: "endpoint-url",
          name: "url",
          label: t("form.address"),
          required: true,
          hint: t("form.addressHint"),
          input: { type: "url" },
        },
        {
          id: "endpoint-events",
          name: "events",
          label: t("form.events"),
          choices: WEBHOOK_EVENT_TYPES.map((ev) => ({
            value: ev,
            label: t(`eventLabels.${ev}`),
            defaultChecked: DEFAULT_EVENTS.includes(ev),
          })),
        },
        // No maxLength: a browser cuts a longer paste without a word (and counts UTF-16 units, not
        // characters); the server refuses it instead and says how long it may be.
        { id: "endpoint-description", name: "description", label: t("form.description") },
        {
          id: "endpoint-password",
          name: "currentPassword",
          label: t("form.currentPassword"),
          hint: t("form.currentPasswordHint"),
          required: true,
          input: { type: "password", autoComplete: "current-password" },
        },
      ]}
      submit={t("form.submit")}
      submitting={t("form.submitting")}
      created={(data) => (
        <ShownOnce id="new-secret" title={t("form.added")} label={t("form.secret")} value={data.secret}>
          <p className="mt-2">
            <Link className="font-medium underline" href={`/r/${slug}/webhooks/${data.id}`}>
              {t("form.deliveriesLink")}
            </Link>
          </p>
        </ShownOnce>
      )}
    />
  );
}
