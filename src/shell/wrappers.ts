import type { Word } from "unbash";
import { baseName, quote } from "./words.js";

/** Wrappers whose command is one string of code: the indices of the words that make it up. */
export const CODE_WRAPPERS: Record<string, (argv: string[]) => number[] | undefined> = {
  trap: (argv) => (argv.length >= 3 && !argv[1]!.startsWith("-") ? [1] : undefined),
  // `tmux new-session -d 'cmd'`, `tmux send-keys 'cmd' Enter`, `tmux run-shell 'cmd'`: the last word is a shell command
  tmux: (argv) => (/^(new-session|new|new-window|neww|split-window|splitw|run-shell|run|respawn-pane|respawnp|respawn-window|send-keys|send|display-popup|popup|pipe-pane)$/.test(argv.find((word, index) => index > 0 && !word.startsWith("-")) ?? "") ? [argv.length - 1] : undefined),
  screen: (argv) => (argv.some((word) => /^-[a-zA-Z]*(d|D)m/.test(word) || word === "-X") ? [argv.length - 1] : undefined),
  watch: (argv) => {
    const start = skipOptions(argv, new Set(["-n", "-d", "--interval", "--differences", "-q", "--equexit"]));
    return start < argv.length ? argv.slice(start).map((_, index) => start + index) : undefined;
  },
  flock: (argv) => codeAfter(argv, ["-c", "--command"]),
  su: (argv) => codeAfter(argv, ["-c", "--command", "--session-command"]),
  runuser: (argv) => codeAfter(argv, ["-c", "--command", "--session-command"]),
  script: (argv) => codeAfter(argv, ["-c", "--command"]),
  parallel: (argv) => {
    const start = skipOptions(argv, new Set(["-j", "--jobs", "-S", "--sshlogin", "--delay", "-N", "--results", "--joblog", "--tmpdir", "-a", "--arg-file"]));
    const end = argv.findIndex((word, index) => index >= start && /^:::+$/.test(word));
    const stop = end === -1 ? argv.length : end;
    return stop > start || end !== -1 ? argv.slice(start, stop).map((_, index) => start + index) : undefined;
  },
};

/** The commands `parallel CMD… ::: ARGS…` runs: each argument put in for `{}`, or after the command; no command means the arguments are commands. */
export function parallelCode(argv: string[], commandAt: number[]): string {
  const words = commandAt.map((index) => argv[index]!);
  const marker = argv.findIndex((word) => /^:::+$/.test(word));
  const inputs = marker === -1 ? ["{}"] : argv.slice(marker + 1).filter((word) => !/^:::+$/.test(word)).slice(0, 8);
  if (words.length === 0) return inputs.join("\n");
  const placed = words.some((word) => word.includes("{}"));
  return inputs
    .flatMap((input) => [
      // GNU parallel hands the command words to a shell as they are, with each input quoted
      (placed ? words.map((word) => word.replaceAll("{}", quote(input))) : [...words, quote(input)]).join(" "),
      // and with -q (or another parallel) each word stays one word
      (placed ? words.map((word) => quote(word.replaceAll("{}", input))) : [...words.map(quote), quote(input)]).join(" "),
    ])
    .join("\n");
}

function codeAfter(argv: string[], flags: string[]): number[] | undefined {
  for (let index = 1; index < argv.length; index++) {
    const word = argv[index]!;
    if (flags.includes(word)) return index + 1 < argv.length ? [index + 1] : undefined;
    const long = flags.find((flag) => flag.startsWith("--") && word.startsWith(`${flag}=`));
    if (long) return undefined;
  }
  return undefined;
}

/** How many leading words a wrapper takes before the command it runs, or `undefined` when not a wrapper. */
export const WRAPPERS: Record<string, (argv: string[]) => number | undefined> = {
  busybox: () => 1,
  unshare: (argv) => skipOptions(argv, new Set(["-S", "-G", "--setuid", "--setgid", "-R", "--root", "-w", "--wd"])),
  lvm: () => 1,
  sem: (argv) => skipOptions(argv, new Set(["-j", "--jobs", "--id"])),
  doas: (argv) => skipOptions(argv, new Set(["-u", "-C"])),
  firejail: (argv) => skipOptions(argv, new Set()),
  proxychains: (argv) => skipOptions(argv, new Set(["-f"])),
  proxychains4: (argv) => skipOptions(argv, new Set(["-f"])),
  torsocks: () => 1,
  caffeinate: (argv) => skipOptions(argv, new Set(["-t", "-w"])),
  "pkexec": (argv) => skipOptions(argv, new Set(["--user"])),
  toybox: () => 1,
  setsid: (argv) => skipOptions(argv, new Set()),
  unbuffer: () => 1,
  flock: (argv) => skipOptions(argv, new Set(["-w", "-E", "--timeout", "--conflict-exit-code"])) + 1,
  chroot: (argv) => skipOptions(argv, new Set(["--userspec", "--groups"])) + 1,
  watch: (argv) => skipOptions(argv, new Set(["-n", "-d", "--interval"])),
  "systemd-run": (argv) => skipOptions(argv, new Set(["-p", "--property", "-u", "--unit", "--uid", "--gid", "-E", "--setenv"])),
  runuser: (argv) => skipOptions(argv, new Set(["-u", "-g", "-G", "--user", "--group"])),
  sudo: (argv) => skipOptions(argv, new Set(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group"])),
  env: (argv) => {
    let index = 1;
    while (index < argv.length) {
      const word = argv[index]!;
      if (word === "--") return index + 1;
      if (/^-(u|C|S|P)$/.test(word) || word === "--unset" || word === "--chdir") index += 2;
      else if (word.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=|^BASH_FUNC_[^=]*=/.test(word)) index += 1;
      else break;
    }
    return index;
  },
  // `command -v NAME` and `command -V NAME` describe NAME without running it; with more words the
  // line is read as if they ran (`command -v git reset --hard` is most likely meant to run)
  command: (argv) => {
    const start = skipOptions(argv, new Set());
    return argv.slice(1, start).some((word) => /^-[pvV]*[vV][pvV]*$/.test(word)) && argv.length - start <= 1 ? undefined : start;
  },
  builtin: () => 1,
  exec: (argv) => skipOptions(argv, new Set(["-a"])),
  nohup: (argv) => (argv[1] === "--" ? 2 : 1),
  time: (argv) => skipOptions(argv, new Set(["-f", "-o"])),
  nice: (argv) => skipOptions(argv, new Set(["-n", "--adjustment"])),
  ionice: (argv) => skipOptions(argv, new Set(["-c", "-n", "-p"])),
  stdbuf: (argv) => skipOptions(argv, new Set(["-i", "-o", "-e"])),
  chrt: (argv) => skipOptions(argv, new Set()) + 1,
  timeout: (argv) => {
    const index = skipOptions(argv, new Set(["-s", "-k", "--signal", "--kill-after"]));
    return index + 1;
  },
  // BSD -J, -R and -S take a value too, as do GNU's long options with a required value
  xargs: (argv) => skipOptions(argv, new Set(["-n", "-I", "-P", "-d", "-L", "-E", "-s", "-a", "-J", "-R", "-S", "--max-args", "--max-procs", "--delimiter", "--arg-file", "--max-chars", "--process-slot-var"])),
};

function skipOptions(argv: string[], takesValue: Set<string>): number {
  let index = 1;
  while (index < argv.length) {
    const word = argv[index]!;
    if (word === "--") return index + 1;
    if (!word.startsWith("-") || word === "-") break;
    index += takesValue.has(word) ? 2 : 1;
  }
  return index;
}

/** The start paths `find … -delete` removes under, or `undefined` when it does not delete. */
export function findDeletes(args: string[]): string[] | undefined {
  if (!args.includes("-delete")) return undefined;
  const paths: string[] = [];
  for (const arg of args) {
    if (arg.startsWith("-") || arg === "(" || arg === "!") break;
    paths.push(arg);
  }
  return paths.length > 0 ? paths : ["."];
}

/** `su -c CODE`, `script -c CODE`, `parallel`: their code is not read here, so they are opaque. */
export function split_marker(argv: Word[]): boolean {
  const head = argv[0] ? baseName(argv[0].value) : "";
  return head === "su" || head === "script" || head === "parallel" || head === "xargs";
}

/**
 * The commands a finder runs on what it finds: the words after each of its exec options up to
 * `;` (or `+` for find); for fd (`untilEnd`) a command without `;` runs to the end of the line.
 */
export function execCommands(args: string[], option: RegExp, untilEnd: boolean): string[][] {
  const commands: string[][] = [];
  for (let index = 0; index < args.length; index++) {
    if (!option.test(args[index]!)) continue;
    let end = index + 1;
    while (end < args.length && args[end] !== ";" && !(!untilEnd && args[end] === "+" && args[end - 1] === "{}")) end++;
    if (!untilEnd && end === args.length) end = args.findIndex((arg, at) => at > index && (arg === ";" || arg === "+"));
    const inner = args.slice(index + 1, end === -1 ? undefined : end);
    if (inner.length > 0) commands.push(inner);
    if (end === -1) break;
    index = end;
  }
  return commands;
}
