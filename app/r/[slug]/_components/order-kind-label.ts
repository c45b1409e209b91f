// Short names of the order kinds for tables and filters (the schema registry has the long ones;
// this file stays free of zod so server tables do not pull the schemas in).
export const KIND_LABELS: Record<string, string> = {
  qboxmail_domain: "Qboxmail domain",
  qboxmail_manager: "Qboxmail manager",
  grommunio_domain: "grommunio domain",
  grommunio_server: "grommunio server",
};

export const ORDER_KINDS = Object.keys(KIND_LABELS);

export const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind;
