"use strict";
// Preloaded into a CLI child process (NODE_OPTIONS=--require …): records every script V8 compiles
// through node:vm (the CLI's loader compiles each bundle — cli.cjs, sdk.cjs, yaml.cjs, … — that
// way) and every module Node loads from a file, and writes both to $HOOKJUDGE_LOAD_RECORD at exit.
const fs = require("node:fs");
const vm = require("node:vm");
const Module = require("node:module");

const compiled = [];
const Script = vm.Script;
vm.Script = function RecordedScript(code, options) {
  compiled.push(typeof options === "string" ? options : (options && options.filename) || "");
  return new Script(code, options);
};
vm.Script.prototype = Script.prototype;

const loaded = new Set();
const load = Module._load;
Module._load = function recordedLoad(request, parent, isMain) {
  loaded.add(request);
  return load.apply(this, arguments);
};

process.on("exit", () => {
  const modules = Object.keys(require.cache);
  fs.writeFileSync(process.env.HOOKJUDGE_LOAD_RECORD, JSON.stringify({ compiled, requested: [...loaded], modules }));
});
