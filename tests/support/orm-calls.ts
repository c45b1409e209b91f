// Records every use of the Prisma client while `fn` runs. The worker's paths must send plain
// statements through the pool (`sqlRows`, `preparedRows`, `sqlTransaction` in lib/db.ts): the
// client's first query loads its WebAssembly query compiler, about 60 MB of RSS for the rest of
// the worker's life (docs/benchmarks/worker.md "No ORM in a long drain"). The plain helpers only fetch
// the client to create the shared pool and never touch its members, so any member read here is
// an ORM call (a model delegate, $queryRaw, $transaction, ...).
import { db } from "@/lib/db";

export async function ormCallsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
  const real = db();
  const calls: string[] = [];
  globalThis.prisma = new Proxy(real, {
    get(target, prop) {
      calls.push(String(prop));
      return Reflect.get(target, prop, target);
    },
  });
  try {
    return { result: await fn(), calls };
  } finally {
    globalThis.prisma = real;
  }
}
