// Preloaded (node --import) into a process under test: writes ASYNC_CONTEXT_ON to stderr, with the
// caller's frames, when anything starts an AsyncLocalStorage (`run`, `enterWith`) or enables an
// async hook; and a probe every 100 ms writes PROMISE_HOOKS_ON when promises are being tracked
// however that happened (with promise hooks on, each awaited promise runs under an async id of
// its own; without them the id does not change). On Node 20 either costs the worker about 5 % of
// its CPU per order: the worker passes span contexts and deadlines by hand instead
// (docs/benchmarks/worker.md "Async context passed by hand").
import { AsyncLocalStorage, createHook, executionAsyncId } from "node:async_hooks";

const say = (what) => {
  const frames = new Error().stack?.split("\n").slice(3, 10).join("\n") ?? "";
  process.stderr.write(`ASYNC_CONTEXT_ON ${what}\n${frames}\n`);
};
for (const name of ["run", "enterWith"]) {
  const original = AsyncLocalStorage.prototype[name];
  AsyncLocalStorage.prototype[name] = function (...args) {
    say(`AsyncLocalStorage.${name}`);
    AsyncLocalStorage.prototype[name] = original; // once is enough to say it
    return original.apply(this, args);
  };
}
const hook = createHook({}).constructor.prototype;
const enable = hook.enable;
hook.enable = function (...args) {
  say("async_hooks.createHook().enable");
  return enable.apply(this, args);
};

const idAfterAwait = async () => {
  await null;
  return executionAsyncId();
};
let told = false;
setInterval(async () => {
  const a = await idAfterAwait();
  const b = await idAfterAwait();
  if (a !== b && !told) {
    told = true;
    process.stderr.write("PROMISE_HOOKS_ON\n");
  }
}, 100).unref();
