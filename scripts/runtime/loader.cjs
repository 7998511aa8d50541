"use strict";
// Loads the CLI's bundles with V8's code cache: each bundle is compiled once at build time and
// its bytecode kept beside it, so a hook process skips most parsing and compiling. A cache that
// does not fit this Node (another version or flags) is ignored and the bundle compiles as usual.
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { createRequire, wrap } = require("node:module");

const loaded = new Map();
const scripts = [];

function load(name) {
  const cached = loaded.get(name);
  if (cached) return cached.exports;
  const file = path.join(__dirname, name);
  const source = fs.readFileSync(file, "utf8");
  let cachedData;
  try {
    cachedData = fs.readFileSync(file + ".cache");
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  loaded.set(name, module);
  scripts.push({ file, script });
  script.runInThisContext()(module.exports, createRequire(file), module, file, __dirname);
  module.loaded = true;
  return module.exports;
}

// the build runs the CLI with this set, once per path: each run starts from the cache the runs
// before it wrote, so the last cache holds what every path compiled
if (process.env.HOOKJUDGE_WRITE_CODE_CACHE) {
  process.on("exit", () => {
    for (const { file, script } of scripts) fs.writeFileSync(file + ".cache", script.createCachedData());
  });
}

module.exports = { load };
