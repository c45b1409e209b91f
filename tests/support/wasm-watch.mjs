// Preloaded (node --import) into a process under test: writes a line to stderr whenever the
// process compiles WebAssembly, with the caller's frames. Prisma's client compiles its query
// compiler at its first query (about 60 MB of RSS for the rest of the process's life); the worker
// must never get there (docs/benchmarks/worker.md "No ORM in a long drain"). Node's own fetch compiles
// its small HTTP parser (llhttp) the first time anything uses it: that one is told apart as
// `by=node-fetch`, everything else is `by=other`.
const wasm = globalThis.WebAssembly;
const say = (how) => {
  const frames = new Error().stack?.split("\n").slice(2, 10).join("\n") ?? "";
  const by = frames.includes("node:internal/deps/undici") ? "node-fetch" : "other";
  process.stderr.write(`WASM_COMPILED by=${by} ${how}\n${frames}\n`);
};
wasm.Module = new Proxy(wasm.Module, {
  construct(target, args, newTarget) {
    say("new WebAssembly.Module");
    return Reflect.construct(target, args, newTarget);
  },
});
for (const name of ["compile", "instantiate", "compileStreaming", "instantiateStreaming"]) {
  const original = wasm[name];
  if (typeof original !== "function") continue;
  wasm[name] = function (...args) {
    say(`WebAssembly.${name}`);
    return original.apply(this, args);
  };
}
