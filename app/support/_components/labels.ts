// Words for enum values, shared by the support pages.
export const KIND_LABEL: Record<string, string> = {
  qboxmail_domain: "Qboxmail domain",
  qboxmail_manager: "Qboxmail manager",
  grommunio_domain: "grommunio domain",
  grommunio_server: "grommunio server",
};
export const PROVIDER_LABEL: Record<string, string> = { qboxmail: "Qboxmail", grommunio: "grommunio" };

export const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
