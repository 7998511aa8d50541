// Code hookjudge cannot read before it runs: decoded, computed, injected through options, nested too deep.
import type { FoundCommand } from "../../shell/analyze.js";
import { INTERPRETERS, pipedIntoCode, RUNNERS, runsFile, runsStdin, SHELLS } from "./programs.js";
import { asks, type RuleFamily } from "./types.js";
import { code, critical, forced, gitWords, operands, recursive } from "./words.js";
import { writeTargets } from "./writes.js";

const DECODES = (command: FoundCommand): boolean => {
  const args = command.args;
  return (
    (command.decodedName === "base64" && args.some((arg) => /^(-[a-zA-Z]*[dD][a-zA-Z]*|--decode)$/.test(arg))) ||
    (command.decodedName === "base32" && args.some((arg) => /^(-[a-zA-Z]*d[a-zA-Z]*|--decode)$/.test(arg))) ||
    (command.decodedName === "xxd" && args.some((arg) => /^-[a-z]*r/.test(arg))) ||
    (command.decodedName === "openssl" && args.includes("-d")) ||
    ["uudecode", "gunzip", "zcat", "bunzip2", "bzcat", "xz", "unxz", "xzcat", "zstd", "unzstd", "rev", "tr", "gpg"].includes(command.decodedName) ||
    (command.decodedName === "printf" && command.args.some((arg) => /\\x[0-9a-f]{2}|\\[0-7]{3}/i.test(arg))) ||
    (command.decodedName === "echo" && command.args.some((arg) => /^-[a-zA-Z]*e/.test(arg)))
  );
};

const DECODES_IN_NAME = /base64|xxd|\\x[0-9a-f]{2}/i;

/** Environment variables that make programs load or run other code. */
const CODE_VARIABLES = /^(LD_PRELOAD|LD_LIBRARY_PATH|LD_AUDIT|DYLD_[A-Z_]+|NODE_OPTIONS|NODE_PATH|npm_config_[a-z_]+|PYTHONSTARTUP|PYTHONPATH|PYTHONHOME|PERL5OPT|PERL5LIB|PERLLIB|RUBYOPT|RUBYLIB|BASH_ENV|ENV|PROMPT_COMMAND|SHELLOPTS|PS4|GIT_CONFIG_PARAMETERS|GIT_CONFIG_COUNT|GIT_CONFIG_KEY_\d+|GIT_CONFIG_VALUE_\d+|GIT_CONFIG|GIT_CONFIG_GLOBAL|GIT_CONFIG_SYSTEM|GIT_EXTERNAL_DIFF|GIT_PAGER|GIT_EDITOR|GIT_SSH|GIT_SSH_COMMAND|GIT_ASKPASS|GIT_EXEC_PATH|GIT_PROXY_COMMAND|GIT_TEMPLATE_DIR|PAGER|MANPAGER|LESSOPEN|LESSCLOSE|EDITOR|VISUAL|BROWSER|SSH_ASKPASS|SUDO_ASKPASS|RUSTC_WRAPPER|RUSTC|CARGO_BUILD_RUSTC_WRAPPER|CC|CXX|MAKEFLAGS|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|GCONV_PATH|HOSTALIASES|IFS)=/;

/** The scripts a sed command runs: each -e/--expression value, else its first operand. */
function sedScripts(args: readonly string[]): string[] {
  const scripts: string[] = [];
  let first: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "-e" || arg === "--expression") scripts.push(args[++index] ?? "");
    else if (arg.startsWith("--expression=")) scripts.push(arg.slice(13));
    else if (arg === "-f" || arg === "--file") index++;
    else if (!arg.startsWith("-") && first === undefined) first = arg;
  }
  return scripts.length > 0 ? scripts : first === undefined ? [] : [first];
}

/** `decoded-code`, a deny family. */
export const decodedCode: RuleFamily = {
  name: "decoded-code",
  decision: "deny",
  summary: "decodes or computes text and runs it as code: base64 -d | sh, eval \"$(… | base64 -d)\", computed program names with destructive arguments",
  line: (line, context) => {
    // fixed text decoded by printf or echo -e is read as the commands it spells (src/shell/describe.ts); other decoders hide it
    for (const stages of line.pipelines) {
      const piped = pipedIntoCode(stages, (stage) => DECODES(stage) && stage.emits === undefined, () => true, "pipes decoded text into a shell");
      if (piped) return piped;
    }
    if (line.commands.some((command) => (RUNNERS.has(command.decodedName) || command.opaqueCode) && command.argsText.some((word) => /(\$\(|`)[^)]*\b(base64\s+(-d|--decode|-D)|base32\s+-d|xxd\s+-r|openssl\s+(enc|base64)\s+.*-d|rev\b|printf\s+['"]?\\x)/.test(word)))) return "runs decoded text";
    if (line.commands.some((command) => command.name === null && (recursive(command) || forced(command)) && operands(command).some((path) => critical(path, command, context)))) return asks("a computed program name with recursive-delete arguments on a critical path");
    if (line.commands.some((command) => /b64decode|base64|atob\s*\(|Buffer\.from\([^)]*base64|decode64|unpack\s*\(\s*['"]m|fromCharCode|\\x[0-9a-f]{2}.*\\x[0-9a-f]{2}/i.test(code(command)) && /system|subprocess|exec|eval|spawn|popen|Function\s*\(|`/.test(code(command)))) return asks("an interpreter that decodes text and runs it");
    if (line.commands.some((command) => command.name === null && command.via.length === 0 && /^(\$\(|`)/.test(command.decodedName) === false && DECODES_IN_NAME.test(command.decodedName))) return "a program name computed by decoding text";
    return undefined;
  },
};

/** `code-from-text`, an ask family. */
export const codeFromText: RuleFamily = {
  name: "code-from-text",
  decision: "ask",
  summary: "runs code hookjudge cannot read before it runs: piped into a shell, eval or sh -c of computed text, scripts written and run on the same line, shells reading a computed descriptor (coproc) or a process substitution's pipe",
  command: (command) => {
    if ((command.decodedName === "eval" || SHELLS.has(command.decodedName) || command.decodedName === "source" || command.decodedName === ".") && command.opaqueCode) return `${command.decodedName} runs text computed at run time`;
    if ((SHELLS.has(command.decodedName) || INTERPRETERS.has(command.decodedName)) && (command.via.includes("xargs") || command.via.includes("parallel")) && command.args.some((arg) => /^-[a-z]*[ce]$/.test(arg))) return "a shell whose code is assembled from its input";
    if (command.name === null && command.stdinText.length > 0) return "a computed program fed a heredoc";
    if (command.decodedName === "pwsh" && command.args.some((arg) => /^-(e|ec|enc|encodedcommand)$/i.test(arg))) return "PowerShell runs an encoded command";
    if ((command.decodedName === "source" || command.decodedName === ".") && command.args.some((arg) => /^\/dev\/(fd|stdin)/.test(arg))) return "sources code from a file descriptor";
    // `bash <&${COPROC[0]}`, `exec {fd}> >(bash)`: a shell reading code from a pipe the line feeds later
    if (runsStdin(command) && command.redirects.some((redirect) => redirect.operator === "<&" && redirect.dynamic === true)) return `${command.decodedName} reads code from a computed file descriptor or file`;
    if (runsStdin(command) && command.via.includes("<(…)")) return `${command.decodedName} inside a process substitution reads code from whatever is written to it`;
    return undefined;
  },
  line: (line) => {
    if (line.pipelines.some((stages) => stages.some((stage, index) => index > 0 && runsStdin(stage) && stages[index - 1]!.emits === undefined))) return "pipes text into a shell or interpreter";
    // a file written on the line, then run: `… > a.sh; bash a.sh`, `base64 -d > x && ./x`
    const written = new Set(line.commands.flatMap((command) => writeTargets(command).map((target) => target.replace(/^\.\//, ""))));
    if (written.size > 0 && line.commands.some((command) => runsFile(command) && [command.decodedName, ...command.args].some((word) => written.has(word.replace(/^\.\//, "")) || [...written].some((path) => path.endsWith(`/${word.replace(/^\.\//, "")}`))))) return "writes a file and runs it on the same line";
    if (line.commands.some((command) => command.decodedName === "coproc")) return "a coprocess feeding a shell";
    return undefined;
  },
};

/** `code-injection`, an ask family. */
export const codeInjection: RuleFamily = {
  name: "code-injection",
  decision: "ask",
  summary: "options and settings that make an ordinary program run other code: sort --compress-program, tar --to-command, awk system(), sed e, git --ext-diff, rg --pre, find -exec sh, make --eval, npm --node-options, go test -exec, LD_PRELOAD and friends",
  command: (command) => {
    const name = command.decodedName;
    const args = command.args;
    if (command.optionCode) return `${name} runs ${command.optionCode[0]!.split(/\s+/)[0]} through one of its options`;
    const injected = command.assignments.find((assignment) => CODE_VARIABLES.test(assignment));
    if (injected) return `${injected.split("=")[0]} makes the program load other code`;
    if (args.some((arg) => /\[\s*(\$\(|`)/.test(arg)) && /^(test|\[|printf|declare|local|read|let|unset|export|typeset)$/.test(name)) return "an array subscript that runs a command";
    if (name === "find" && args.some((arg, index) => /^-(exec|execdir|ok|okdir)$/.test(arg) && /^(sh|bash|zsh|dash|ksh|python\d*|perl|ruby|node|eval|env|xargs)$/.test((args[index + 1] ?? "").replace(/^.*\//, "")))) return "find runs a shell or interpreter for each file";
    if (/^(awk|gawk|mawk|nawk)$/.test(name) && (args.some((arg) => /system\s*\(|\|\s*getline|getline\s*<|print[f]?[^;}]*\|\s*"|@load|@include/.test(arg.replace(/\\\n/g, ""))) || args.some((arg) => /^-f.|^-f$|^--file|^-i|^--include|^-l|^--load|^-E/.test(arg)))) return `${name} runs commands or loads code`;
    if (name === "sed" && sedScripts(args).some((script) => /(^|[;\n}]\s*|\d\s*|\/\s*|\$\s*)e(\s|$)|(^|[;\n]\s*)\S*s(.)(?:(?!\3).)*\3(?:(?!\3).)*\3[gpIiwm0-9]*e/.test(script))) return "sed runs a command (the e command or flag)";
    if (name === "git") {
      const git = gitWords(command)!;
      if (git.rest.some((arg) => /^--(ext-diff|textconv)$|^-O|^--open(-files-in-pager)?(=|$)|^--open-f/.test(arg) || /^-[a-zA-Z]*O/.test(arg))) return `git ${git.sub} runs a program (--ext-diff, --textconv or -O)`;
      if (git.globals.some((arg) => /^--exec-path|^--config-env/.test(arg))) return "git runs programs from another folder";
    }
    if ((name === "rg" || name === "ripgrep") && args.some((arg) => /^--pre(-glob)?(=|$)/.test(arg))) return "rg --pre runs a program on every file";
    if (/^(vim|vi|nvim|ex|view)$/.test(name) && args.some((arg) => /^(-c|--cmd|\+.+|-S|-u)$|^\+/.test(arg))) return `${name} runs editor commands from its arguments`;
    if (name === "make" || name === "gmake") {
      if (args.some((arg, index) => /^(-C|--directory)$/.test(arg) && /^(\/|~|\.\.)/.test(args[index + 1] ?? "")) || args.some((arg) => /^(-E|--eval)/.test(arg) || /^(SHELL|\.SHELLFLAGS|MAKEFLAGS|MAKEFILES)=/.test(arg) || /!=|\$\((shell|eval)\b/.test(arg) || /^(-f|--file|--makefile)/.test(arg) && !/^(-f|--file=|--makefile=)?(GNU)?[Mm]akefile$/.test(arg.replace(/^-f/, "")))) return "make runs code given on its command line";
    }
    if (/^(npm|npx|yarn|pnpm|bun)$/.test(name) && args.some((arg) => /^--(node-options|script-shell|userconfig|globalconfig|registry|require|import|loader|experimental-loader|call|package|shell)(=|$)|^-(r|c)$/.test(arg) || (/^(exec|x|dlx)$/.test(arg) && args.some((other) => /^(sh|bash|zsh|node|python\d*)$/.test(other))))) return `${name} runs a check with injected code or another registry`;
    if (/^(npx|vitest|jest|eslint|tsc|prettier|mocha|ava|playwright|webpack|vite|rollup|babel|ts-node|tsx)$/.test(name) && args.some((arg, index) => /^(-c|--config|-p|--project|--rulesdir|--resolve-plugins-relative-to|--plugin|--require|-r|--setupFiles|--globalSetup|--import)(=|$)/.test(arg) && /^(\/|~|\.\.)/.test(arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : (args[index + 1] ?? "")))) return `${name} loads configuration or code from outside the project`;
    if ((name === "cargo" && args.some((arg) => /^--config(=|$)|^-Z$/.test(arg))) || (name === "go" && args.some((arg) => /^-(exec|toolexec|overlay)(=|$)/.test(arg))) || ((name === "pytest" || (/^python\d?$/.test(name) && args[0] === "-m" && args[1] === "pytest")) && args.some((arg) => /^-p$|^-p\w|^(-c|--rootdir|--confcutdir)(=|$)/.test(arg)))) return `${name} runs or loads other code through its options`;
    if ((SHELLS.has(name) || INTERPRETERS.has(name)) && (command.via.includes("xargs") || command.via.includes("parallel"))) return "a shell or interpreter run on its input";
    return undefined;
  },
};

/** `too-deep`, an ask family. */
export const tooDeep: RuleFamily = {
  name: "too-deep",
  decision: "ask",
  summary: "a line nested deeper or longer than hookjudge reads, or code wrapped deeper than it follows",
  line: (line) => (line.tooDeep ? (line.errors[0] ?? "nested too deep") : undefined),
  command: (command) => (command.tooDeep ? "code nested deeper than hookjudge reads" : undefined),
};
