// Module hooks for running subset programs under Node: an import of a C
// declaration file (test/compiler/fixtures/decl/*.d.ts) gets the prelude's
// Node runtime instead, which implements printf, putchar and friends.
const runtime = new URL("../../compiler/prelude/runtime.ts", import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (/(^|\/)fixtures\/decl\/[\w-]+(\.d\.ts|\.js|\.ts)?$/.test(specifier)) {
    return { url: runtime, shortCircuit: true };
  }
  return next(specifier, context);
}
