// The If-Match request header (RFC 9110 §13.1.1), shared by the resources whose answers carry an
// ETag: a customer (its updatedAt) and a service (its settings' version).

/**
 * The versions an If-Match names: `undefined` for none or `*` (any version: the request as without
 * it); otherwise each entity tag's value that has the resource's form, W/ or not (a client copies
 * the ETag as it came). A tag that is no version of ours names none, so the request is refused,
 * never done unchecked.
 */
export function ifMatchVersions(header: string | null, value: RegExp): string[] | undefined {
  if (header === null || header.trim() === "*") return undefined;
  const tag = new RegExp(`^\\s*(?:W/)?"(${value.source})"\\s*$`);
  return header
    .split(",")
    .map((t) => tag.exec(t)?.[1])
    .filter((v): v is string => v !== undefined);
}
