// V8's code cache for the JavaScript the tsc2c bundle loads from node_modules (above all the
// 9 MB TypeScript compiler inside ts-morph): compiled once, then read back on every run. The
// bundler prepends this file to build/tsc2c/tsc2c.cjs, so it runs before anything is required.
//
// A cache entry is named after the file's path, size and modification time: checking it
// costs one stat, where hashing the content (as generic caches do) costs ~20 ms for
// TypeScript alone. The cache is written once, at exit, after the run compiled the functions
// it needed, so the next run finds them compiled too. A rejected or unwritable cache only
// costs time: the file is compiled as Node would.
(() => {
  const Module = require("node:module");
  const vm = require("node:vm");
  const fs = require("node:fs");
  const path = require("node:path");
  const cacheDir = path.join(__dirname, ".code-cache");
  const inDependencies = `${path.sep}node_modules${path.sep}`;
  /** [entry file, script] of the files compiled without a usable cache this run */
  const toWrite = [];
  const compile = Module.prototype._compile;

  Module.prototype._compile = function compileWithCache(content, filename) {
    if (!filename.includes(inDependencies)) return compile.call(this, content, filename);
    let stat;
    try {
      stat = fs.statSync(filename);
    } catch {
      return compile.call(this, content, filename);
    }
    const entry = path.join(cacheDir, `${filename.replace(/[\\/:]/g, "_")}.${stat.size}.${Math.trunc(stat.mtimeMs)}`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(entry);
    } catch {
      // not cached yet
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push([entry, script]);
    const wrapper = script.runInThisContext({ displayErrors: true });
    // the require() a CommonJS module gets, as Node builds it
    const mod = this;
    const requireFn = (id) => mod.require(id);
    requireFn.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    requireFn.main = require.main;
    requireFn.cache = Module._cache;
    return wrapper.call(mod.exports, mod.exports, requireFn, mod, filename, path.dirname(filename));
  };

  process.once("exit", () => {
    if (toWrite.length === 0) return;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      for (const [entry, script] of toWrite) {
        // an older entry of the same file (another size or time) is stale
        const name = path.basename(entry);
        const stem = name.replace(/\.\d+\.\d+$/, ".");
        for (const old of fs.readdirSync(cacheDir)) {
          if (old !== name && old.startsWith(stem) && /^\d+\.\d+$/.test(old.slice(stem.length))) fs.rmSync(path.join(cacheDir, old), { force: true });
        }
        fs.writeFileSync(entry, script.createCachedData());
      }
    } catch {
      // a cache that cannot be written only costs time on the next run
    }
  });
})();
