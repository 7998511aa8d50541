import type { Word } from "unbash";
import { analyzeCommandLine, MAX_DEPTH, type FoundCommand, type LineAnalysis } from "./analyze.js";
import { INTERPRETERS, optionCode, SHELLS, shellStrings } from "./interpreters.js";
import { CODE_WRAPPERS, execCommands, findDeletes, parallelCode, split_marker, WRAPPERS } from "./wrappers.js";
import { baseName, canonicalName, changeFolder, isGlobOnly, isLiteral, printfText, quote, respell, unescape } from "./words.js";

/** What the walk carries from one command to the next: the working folder the line has changed to. */
export interface WalkState {
  cwd: string | null;
}

/** A redirection as a command sees it; `dynamic` when its target is computed. */
export type Redirect = { operator: string; target: string; dynamic: boolean };
/** The parser's redirection, heredoc and here-string items, as far as they are read here. */
export type RedirectNode = { type: string; operator?: string; target?: Word; body?: { text?: string } };

/** The redirection an item makes, if it is one. */
export function redirectOf(item: RedirectNode): Redirect[] {
  if (item.type === "Redirect" && item.target) return [{ operator: item.operator ?? ">", target: item.target.value, dynamic: !isLiteral(item.target) }];
  return [];
}

/** The parser's simple command: its name word, and the items before and after it. */
export interface CommandNode {
  type: "Command";
  name: Word | undefined;
  prefix: ReadonlyArray<RedirectNode>;
  suffix: ReadonlyArray<RedirectNode>;
}

/** One Command node: its effective command (wrappers unwrapped) and what it runs inside it. */
export function describe(node: CommandNode, trail: string[], depth: number, analysis: LineAnalysis, state: WalkState, inherited: Redirect[]): { found: FoundCommand; nested: LineAnalysis[] } {
  const items = [...node.prefix, ...node.suffix];
  const words = node.suffix.filter((item): item is Word & { type: "Word" } => item.type === "Word");
  // every redirection counts, wherever it is written: before the name, after it, or on an enclosing compound command
  const redirects: Redirect[] = [...items.flatMap(redirectOf), ...inherited];
  const stdinCode = items.flatMap((item) =>
    item.type === "HereDoc" ? [item.body?.text ?? ""] : item.type === "HereString" && item.target ? [item.target.value] : [],
  );
  const nested: LineAnalysis[] = [];
  const name = node.name;
  let argv = name ? [name, ...words] : [...words];
  const chain = [...trail];
  let cwd = state.cwd;
  const assignments = node.prefix.flatMap((item) => (item.type === "Assignment" ? [(item as unknown as { text: string }).text] : []));
  let wrapper: string | undefined;
  let xargsReplace: string | undefined;
  const wrappers: Array<{ name: string; args: string[]; byPath: boolean }> = [];
  // BSD `env -P DIR cmd` finds cmd in DIR, not through PATH
  let searchPath = false;
  const recurseAt = (code: string, label: string) => {
    if (depth + 1 > MAX_DEPTH) return false;
    nested.push(analyzeCommandLine(code, depth + 1, [...chain, label], cwd));
    return true;
  };
  // unwrap wrappers: the command they run is what matters
  for (let guard = 0; guard < 8 && argv.length > 0; guard++) {
    const head = baseName(argv[0]!.value);
    const values = argv.map((word) => word.value);
    // `env -S 'cmd args'` splits its string into the command line
    const split = head === "env" ? values.findIndex((value) => /^(-S|--split-string)(=|$)|^-S./.test(value)) : -1;
    if (split !== -1) {
      const flag = values[split]!;
      const text = flag === "-S" || flag === "--split-string" ? (values[split + 1] ?? "") : flag.replace(/^(--split-string=|-S)/, "");
      wrapper = "env";
      recurseAt(text, "env -S");
      argv = [];
      break;
    }
    if (head === "env") {
      assignments.push(...values.slice(1).filter((value) => /^[A-Za-z_][A-Za-z0-9_]*=|^BASH_FUNC_[^=]*=/.test(value)));
      const chdir = values.findIndex((value) => value === "-C" || value === "--chdir" || /^(-C.|--chdir=)/.test(value));
      if (chdir !== -1) cwd = changeFolder(cwd, values[chdir]!.length > 2 && !values[chdir]!.startsWith("--chdir") ? values[chdir]!.slice(2) : values[chdir]!.startsWith("--chdir=") ? values[chdir]!.slice(8) : (values[chdir + 1] ?? ""));
    }
    // wrappers that take their command as one string of code
    const codeFlag = CODE_WRAPPERS[head]?.(values);
    if (codeFlag !== undefined) {
      wrapper = head;
      // `parallel ::: 'cmd' …` has no command of its own: the inputs are the commands
      const inputs = head === "parallel" && codeFlag.length === 0 ? argv.slice(values.findIndex((value) => /^:::+$/.test(value)) + 1) : [];
      if ((codeFlag.length > 0 || inputs.length > 0) && codeFlag.every((index) => argv[index] && isLiteral(argv[index]!)) && inputs.every(isLiteral)) {
        if (!recurseAt(head === "parallel" ? parallelCode(argv.map((word) => word.value), codeFlag) : codeFlag.map((index) => argv[index]!.value).join(" "), head)) return tooDeepCommand(argv, chain, redirects, assignments, cwd, stdinCode, analysis, nested);
      } else {
        const found = tooDeepCommand(argv, chain, redirects, assignments, cwd, stdinCode, analysis, nested);
        found.found.opaqueCode = true;
        found.found.tooDeep = undefined;
        return found;
      }
      argv = [];
      break;
    }
    // xargs -I R / -iR / --replace=R: the string each input line is put in for
    if (head === "xargs") {
      const option = values.findIndex((value, index) => index > 0 && /^(-I.*|-i.*|--replace(=.*)?)$/.test(value));
      const value = values[option];
      if (value !== undefined) xargsReplace = value === "-I" ? values[option + 1] : value.startsWith("--replace=") ? value.slice(10) : /^-[Ii]./.test(value) ? value.slice(2) : "{}";
    }
    const skip = WRAPPERS[head]?.(values);
    // a wrapper with nothing to run (`env`, `time`) is the command itself
    if (skip === undefined || skip >= argv.length) break;
    chain.push(head);
    wrappers.push({ name: head, args: values.slice(1, skip), byPath: argv[0]!.value.includes("/") });
    if (head === "env" && values.slice(1, skip).some((value) => /^-P/.test(value))) searchPath = true;
    argv = argv.slice(skip);
    // `nohup -- cmd`, `busybox -- rm`: the end of the wrapper's options
    if (argv[0]?.value === "--" && argv.length > 1) argv = argv.slice(1);
  }
  if (argv.length === 0 && wrapper !== undefined) {
    // the wrapper's code was read above; the wrapper itself is recorded as what ran it
    const found: FoundCommand = { name: wrapper, byPath: false, cwd, stdinText: stdinCode, decodedName: wrapper, args: [], argsText: [], dynamicArgs: false, globArgs: false, redirects, assignments, via: chain, wrapsCode: true };
    analysis.commands.push(found);
    return { found, nested };
  }
  const [program, ...rest] = argv;
  // $'\x72\x6d' decodes to a name, but one written to hide it: deny rules see it, allow rules never do
  const literal = program !== undefined && isLiteral(program) && !(program.parts ?? []).some((part) => part.type === "AnsiCQuoted");
  // a computed program word (`rm${IFS}-rf${IFS}/`, `{rm,-rf,/}`) is re-read the way the shell would split it
  const respelled = program && !literal ? respell(program.text) : undefined;
  const found: FoundCommand = {
    name: literal ? baseName(program.value) : null,
    byPath: literal && (program.value.includes("/") || searchPath),
    cwd,
    stdinText: stdinCode,
    decodedName: canonicalName(respelled ? baseName(respelled[0]!) : program ? baseName(program.value) : ""),
    args: [...(respelled?.slice(1) ?? []), ...rest.map((word) => word.value)],
    argsText: rest.map((word) => word.text),
    dynamicArgs: rest.some((word) => !isLiteral(word) && !isGlobOnly(word)) || chain.includes("xargs"),
    globArgs: rest.some(isGlobOnly),
    globWords: rest.filter(isGlobOnly).map((word) => word.value),
    redirects,
    assignments,
    via: chain,
    ...(wrappers.length > 0 ? { wrappers } : {}),
    ...(xargsReplace ? { xargsReplace } : {}),
  };
  // `cd` and `pushd` move the rest of the line; `git -C dir` moves only its own command
  if (found.decodedName === "cd" || found.decodedName === "pushd") {
    const target = rest.find((word) => !word.value.startsWith("-") || word.value === "-");
    state.cwd = target === undefined ? "~" : isLiteral(target) || /^~/.test(target.text) ? changeFolder(state.cwd, target.text.startsWith("~") ? target.text : target.value) : null;
    if (target?.value === "-") state.cwd = null;
  } else if (found.decodedName === "popd") state.cwd = null;
  if (found.decodedName === "git") {
    const at = found.args.indexOf("-C");
    if (at !== -1) found.cwd = changeFolder(cwd, found.args[at + 1] ?? "");
  }
  if (split_marker(argv)) found.opaqueCode = true;
  analysis.commands.push(found);
  const decoded = found.decodedName;
  if (decoded === "echo" && rest.every(isLiteral)) found.emits = unescape(found.args.filter((arg) => !/^-[neE]+$/.test(arg)).join(" "));
  if (decoded === "printf" && rest.every(isLiteral) && found.args.length > 0) found.emits = printfText(found.args);
  if (decoded === "cat" && stdinCode.length > 0) found.emits = stdinCode.join("\n");
  const recurse = (code: string, label: string) => {
    if (depth + 1 > MAX_DEPTH) {
      found.tooDeep = true;
      return;
    }
    nested.push(analyzeCommandLine(code, depth + 1, [...chain, label], found.cwd));
  };
  // `env 'BASH_FUNC_f%%=() { …; }' bash -c f` exports a function; `alias x='…'` defines code run later
  for (const assignment of assignments) {
    const body = /^BASH_FUNC_[^=]*=\s*\(\)\s*(\{[^]*\})\s*$/.exec(assignment)?.[1];
    if (body !== undefined) recurse(body, "exported function");
  }
  if (decoded === "alias") {
    for (const item of node.suffix as ReadonlyArray<{ type: string; value?: Word }>) if (item.type === "Assignment" && item.value && isLiteral(item.value)) recurse(item.value.value, "alias");
    for (const arg of found.args) if (/^[^=\s]+=./s.test(arg)) recurse(arg.slice(arg.indexOf("=") + 1), "alias");
  }
  const optionCommands = optionCode(decoded, found.args);
  if (optionCommands.length > 0) found.optionCode = optionCommands;
  for (const code of optionCommands) recurse(code, `${decoded} option`);
  // `ssh host 'cmd'`: the remote command is read like a local one (the other machine matters too)
  if (decoded === "ssh") {
    let at = 0;
    while (at < found.args.length && found.args[at]!.startsWith("-")) at += /^-[46AaCfGgKkMNnqsTtVvXxYy]*[bcDEeFIiJLlmOopQRSWw]$/.test(found.args[at]!) ? 2 : 1;
    const remote = found.args.slice(at + 1);
    if (remote.length > 0 && rest.every(isLiteral)) recurse(remote.join(" "), "ssh");
  }
  if (SHELLS.has(decoded)) {
    const commandFlag = rest.findIndex((word) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(word.value));
    if (commandFlag !== -1) {
      // `sh -c -- 'code' $0 $1…`: skip `--`, and put the positional words where the code uses them
      let at = commandFlag + 1;
      while (rest[at]?.value === "--" || /^-[a-z]$/.test(rest[at]?.value ?? "")) at++;
      const code = rest[at];
      const positional = rest.slice(at + 1).map((word) => word.value);
      if (code && isLiteral(code)) recurse(code.value.replace(/\$\{?([0-9])\}?/g, (_, index: string) => positional[Number(index)] ?? ""), `${decoded} -c`);
      else found.opaqueCode = true;
    } else if (!shellOperands(rest.map((word) => word.value)).some((value) => !/^\/dev\/(stdin|fd\/0)$/.test(value)) || rest.some((word) => /^(\/dev\/stdin|\/dev\/fd\/0|-)$/.test(word.value))) {
      found.shellReadsStdin = true;
      for (const code of stdinCode) recurse(code, `${decoded} <<`);
    }
  } else if ((decoded === "." || decoded === "source") && rest.some((word) => /^(\/dev\/stdin|\/dev\/fd\/0|-)$/.test(word.value))) {
    found.shellReadsStdin = true;
  } else if (decoded === "eval") {
    if (rest.every(isLiteral)) recurse(rest.map((word) => word.value).join(" "), "eval");
    else found.opaqueCode = true;
  } else if (decoded === "find") {
    found.findDeletes = findDeletes(found.args);
    const start = found.args.find((arg) => !arg.startsWith("-")) ?? ".";
    // every -exec, -execdir, -ok and -okdir: `find . -exec cat {} \; -exec rm {} \;` runs both
    for (const inner of execCommands(found.args, /^-(exec|execdir|ok|okdir)$/, false)) recurse(inner.map((arg) => arg.replaceAll("{}", start)).map(quote).join(" "), "find -exec");
  } else if (decoded === "fd" || decoded === "fdfind") {
    // `fd PATTERN -x cmd {}`, `fd --exec-batch cmd`: each found path is put in for the placeholders, or appended
    for (const inner of execCommands(found.args, /^(-x|--exec|-X|--exec-batch)$/, true)) recurse([...inner, ...(inner.some((arg) => /\{[/.]*\}/.test(arg)) ? [] : ["{}"])].map((arg) => arg.replace(/\{[/.]*\}/g, ".")).map(quote).join(" "), "fd -x");
  } else if (INTERPRETERS[decoded]) {
    const flags = INTERPRETERS[decoded]!;
    // `-e`, `--eval`, and combined short flags such as `node -pe`
    const at = rest.findIndex((word) => flags.includes(word.value.toLowerCase()) || (/^-[a-zA-Z]+$/.test(word.value) && flags.some((flag) => /^-[a-zA-Z]$/.test(flag) && word.value.endsWith(flag.slice(1)))));
    // code glued to its flag: `python -Ic'…'`, `perl -we'…'`, `cmd /Cdel …`
    const glued = rest.map((word) => word.value).map((value) => flags.map((flag) => (/^-[a-zA-Z]$/.test(flag) ? new RegExp(`^-[a-zA-Z]*${flag.slice(1)}(.+)$`, "s").exec(value)?.[1] : /^\/[a-z]$/.test(flag) && value.toLowerCase().startsWith(flag) && value.length > 2 ? value.slice(2) : undefined)).find((text) => text !== undefined)).find((text) => text !== undefined);
    // `pwsh -Command -`, `python -c -`: the code comes on standard input
    if (at !== -1 && rest[at + 1]?.value === "-") found.shellReadsStdin = true;
    else if (at !== -1 && rest[at + 1]) found.code = { interpreter: decoded, text: rest.slice(at + 1).map((word) => word.value).join(decoded === "cmd" || decoded === "cmd.exe" || decoded === "pwsh" ? " " : "\n").split("\n")[0]! === rest[at + 1]!.value ? rest[at + 1]!.value : rest.slice(at + 1).map((word) => word.value).join(" ") };
    else if (glued !== undefined) {
      // `cmd /Cdel x`: cmd's code is every word after the switch
      const after = decoded === "cmd" || decoded === "cmd.exe" ? rest.slice(rest.findIndex((word) => word.value.endsWith(glued)) + 1).map((word) => word.value) : [];
      found.code = { interpreter: decoded, text: [glued, ...after].join(" ") };
    } else if (stdinCode.length > 0 && rest.every((word) => word.value.startsWith("-") || /^\/dev\/(stdin|fd\/0)$/.test(word.value))) found.code = { interpreter: decoded, text: stdinCode.join("\n") };
    else if (rest.every((word) => word.value.startsWith("-") || /^\/dev\/(stdin|fd\/0)$/.test(word.value))) found.shellReadsStdin = true;
  }
  // shell commands an interpreter hands to the system: system('…'), execSync("…"), subprocess.run("…"), `…`
  if (found.code) for (const shell of shellStrings(found.code.text)) recurse(shell, `${decoded} system()`);
  return { found, nested };
}

/** A shell's operands (a script file and its arguments), past options such as `-eu`, `+n` and `-o pipefail`. */
function shellOperands(args: string[]): string[] {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--") return args.slice(index + 1);
    if (/^[-+][a-zA-Z]*[oO]$/.test(arg)) index++;
    else if (!/^[-+]/.test(arg) || arg === "-") return args.slice(index);
  }
  return [];
}

/** Build the record of a wrapper whose code could not be read (too deep, or computed). */
function tooDeepCommand(argv: Word[], chain: string[], redirects: Redirect[], assignments: string[], cwd: string | null, stdinText: string[], analysis: LineAnalysis, nested: LineAnalysis[]): { found: FoundCommand; nested: LineAnalysis[] } {
  const head = argv[0] ? baseName(argv[0].value) : "";
  const found: FoundCommand = {
    name: head,
    byPath: false,
    cwd,
    stdinText,
    decodedName: head,
    args: argv.slice(1).map((word) => word.value),
    argsText: argv.slice(1).map((word) => word.text),
    dynamicArgs: true,
    globArgs: false,
    redirects,
    assignments,
    via: chain,
    tooDeep: true,
  };
  analysis.commands.push(found);
  return { found, nested };
}
