import { quote } from "./words.js";

/** Shells whose `-c` code, heredocs and piped text are read as commands. */
export const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", "ash", "csh", "tcsh"]);
/** Interpreters and the flags that take their inline code (`python -c`, `node -e`). */
export const INTERPRETERS: Record<string, string[]> = {
  python: ["-c"],
  python2: ["-c"],
  python3: ["-c"],
  node: ["-e", "--eval", "-p", "--print"],
  nodejs: ["-e", "--eval", "-p", "--print"],
  deno: ["eval"],
  bun: ["-e", "--eval"],
  perl: ["-e", "-E"],
  ruby: ["-e"],
  php: ["-r"],
  lua: ["-e"],
  pypy: ["-c"],
  py: ["-c"],
  r: ["-e"],
  rscript: ["-e"],
  julia: ["-e", "--eval"],
  pwsh: ["-c", "-command"],
  cmd: ["/c", "/k"],
  "cmd.exe": ["/c", "/k"],
  tclsh: [],
  osascript: ["-e"],
  groovy: ["-e"],
  elixir: ["-e", "--eval"],
  erl: ["-eval"],
};

/** Options whose value is a command the program runs: `ssh -o ProxyCommand=…`, `rsync -e …`, `tar --to-command=…`. */
const OPTION_CODE: Record<string, { short?: string; long?: string[]; sshOption?: boolean }> = {
  ssh: { sshOption: true },
  scp: { sshOption: true },
  sftp: { sshOption: true },
  rsync: { short: "e", long: ["rsh"] },
  tar: { short: "IF", long: ["to-command", "info-script", "new-volume-script", "use-compress-program", "rsh-command"] },
  sort: { long: ["compress-program"] },
  zip: { long: ["unzip-command"] },
  man: { short: "P", long: ["pager"] },
  git: { long: ["upload-pack", "receive-pack", "exec"] },
};

/** The commands a program's options hand it to run (see {@link OPTION_CODE}). */
export function optionCode(program: string, args: readonly string[]): string[] {
  const spec = OPTION_CODE[program];
  if (!spec) return [];
  const found: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (spec.sshOption) {
      // -o Key=Value, -oKey=Value, bundled -voKey=Value
      const option = /^-[a-zA-Z]*?o(.*)$/.exec(arg);
      const value = option ? (option[1] !== "" ? option[1]! : (args[index + 1] ?? "")) : "";
      const command = /^(ProxyCommand|KnownHostsCommand|LocalCommand|RemoteCommand|PKCS11Provider|SecurityKeyProvider)[= ]\s*(.*)$/is.exec(value);
      if (command) found.push(command[2]!);
      continue;
    }
    if (arg.startsWith("--")) {
      const equals = arg.indexOf("=");
      const written = equals === -1 ? arg : arg.slice(0, equals);
      // GNU accepts a unique prefix of a long option: --compress for --compress-program
      const long = (spec.long ?? []).find((name) => written === `--${name}` || (written.length >= 5 && `--${name}`.startsWith(written)));
      if (long) found.push(equals !== -1 ? arg.slice(equals + 1) : (args[index + 1] ?? ""));
      continue;
    }
    if (spec.short && /^-[a-zA-Z]/.test(arg)) {
      for (let at = 1; at < arg.length; at++) {
        if (spec.short.includes(arg[at]!)) {
          found.push(at + 1 < arg.length ? arg.slice(at + 1) : (args[index + 1] ?? ""));
          break;
        }
      }
    }
  }
  if (program === "tar") for (const arg of args) if (/^--checkpoint-action=exec=/.test(arg)) found.push(arg.slice(arg.indexOf("exec=") + 5));
  return found.filter((code) => code.trim() !== "");
}

/** Shell command strings inside interpreter code: the arguments of system(), exec*(), popen(), subprocess calls, backticks. */
export function shellStrings(code: string): string[] {
  const found: string[] = [];
  const call = /\b(?:os\.system|os\.popen|system|exec|execSync|execFileSync|spawnSync|popen|shell_exec|passthru|proc_open|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|Open3\.\w+|IO\.popen|commands\.getoutput)\s*\(\s*(?:\[\s*)?(["'`])((?:(?!\1)[^\\]|\\.)*)\1/g;
  for (const match of code.matchAll(call)) found.push(match[2]!.replace(/\\(["'\\])/g, "$1"));
  for (const match of code.matchAll(/`([^`]+)`|%x\{([^}]+)\}|%x\(([^)]+)\)/g)) found.push(match[1] ?? match[2] ?? match[3]!);
  // a program run from an argument list: subprocess.run(["nah", "hook"]), spawn("pi", ["--no-extensions"]), os.execvp("sh", ["sh", "-c", …])
  const argvCall = /\b(?:subprocess\.\w+|os\.(?:exec|spawn|posix_spawn)\w*|spawn(?:Sync)?|execFile(?:Sync)?|execa(?:Sync)?|Popen|Process\.spawn|IO\.popen|(?:\w+\.)?(?:run|call|check_call|check_output))["'\]]*\s*\(\s*(?:(["'])((?:(?!\1)[^\\]|\\.)*)\1\s*,\s*)?\[([^\]]*)\]/g;
  // a program and its arguments as separate strings: system("nah", "trust", "."), os.execlp("rm", "rm", "-rf", "/")
  for (const match of code.matchAll(/\b(?:system|exec|spawn|os\.exec\w*|os\.spawn\w*|Process\.spawn|Kernel\.system|pcntl_exec)(?:\s*\(\s*|\s+)((?:(["'])(?:(?!\2)[^\\]|\\.)*\2\s*,\s*)+(["'])(?:(?!\3)[^\\]|\\.)*\3)\s*(?:[,);]|$)/g)) {
    const words = [...match[1]!.matchAll(/(["'])((?:(?!\1)[^\\]|\\.)*)\1/g)].map((word) => word[2]!.replace(/\\(["'\\])/g, "$1"));
    if (words.length > 1 && words[0] === words[1]) words.shift();
    found.push(words.map(quote).join(" "));
  }
  for (const match of code.matchAll(argvCall)) {
    const words = [...match[3]!.matchAll(/(["'])((?:(?!\1)[^\\]|\\.)*)\1/g)].map((word) => word[2]!.replace(/\\(["'\\])/g, "$1"));
    // execv-style lists repeat the program as their first word
    if (match[2] !== undefined && words[0] !== match[2]) words.unshift(match[2]);
    if (words.length > 0) found.push(words.map(quote).join(" "));
  }
  return found.slice(0, 8);
}
