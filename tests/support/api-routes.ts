// The route files of the reseller API, as OpenAPI path templates: what the document must list.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
export const apiDir = path.join(root, "app/api/v1");

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * Every route file under app/api/v1 as an OpenAPI path template ("/orders/{id}/cancel"). The
 * optional catch-all (`[[...path]]`) is left out: it answers paths the API does not have, /api/v1
 * itself among them, with a 404, so the document rightly does not list it.
 */
export function routeFiles(): { template: string; file: string }[] {
  const out: { template: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith("[[...")) walk(full);
      } else if (entry.name === "route.ts") {
        const rel = path.relative(apiDir, path.dirname(full)).split(path.sep).join("/");
        out.push({ template: `/${rel.replace(/\[(\w+)\]/g, "{$1}")}`, file: full });
      }
    }
  };
  walk(apiDir);
  return out;
}
