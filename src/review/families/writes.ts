// Every path a command writes to.
import type { FoundCommand } from "../../shell/analyze.js";
import { gitWords, operands } from "./words.js";

/** Redirection operators that write: `>`, `>>`, `>|`, `&>`, `&>>`, `>&` (to a file), `<>`. */
export const WRITES = /^(>|>>|>\||&>|&>>|>&|<>)$/;

/** Every path a command writes to (redirections and write-program operands), as written. */
export function writeTargets(command: FoundCommand): string[] {
  const targets = command.redirects.filter((redirect) => WRITES.test(redirect.operator) && !/^\d+$|^-$/.test(redirect.target)).map((redirect) => redirect.target);
  const name = command.decodedName;
  const words = operands(command).filter((word) => command.args.includes(word));
  // `git init DIR`, `git clone URL DIR` write a repository (its config and hooks) into DIR
  const git = name === "git" ? gitWords(command) : undefined;
  if (git && (git.sub === "init" || git.sub === "clone")) {
    const folders = git.rest.filter((arg, index) => !arg.startsWith("-") && !/^(--template|--separate-git-dir|-b|--branch|--origin|-o|--depth|--reference|-c|--config|--shallow-since|--filter|-u|--upload-pack|--object-format|--initial-branch)$/.test(git.rest[index - 1] ?? ""));
    targets.push(...(git.sub === "init" && folders.length === 0 ? ["."] : folders.slice(git.sub === "init" ? 0 : 1, git.sub === "init" ? 1 : 2)));
  }
  const option = (short: string, long: string) =>
    command.args.flatMap((arg, index) => (arg === short || arg === `--${long}` ? [command.args[index + 1] ?? ""] : arg.startsWith(`--${long}=`) ? [arg.slice(long.length + 3)] : arg.startsWith(short) && arg.length > 2 && short.length === 2 ? [arg.slice(2)] : []));
  switch (name) {
    case "cp":
    case "install":
    case "ln":
    case "rsync":
    case "scp": {
      const into = option("-t", "target-directory");
      return [...targets, ...into, ...(into.length === 0 ? words.slice(-1) : [])];
    }
    case "mv":
    case "rm":
    case "rmdir":
    case "unlink":
    case "shred":
    case "touch":
    case "tee":
    case "truncate":
    case "mkdir":
    case "mkfifo":
    case "mknod":
      return [...targets, ...words, ...option("-t", "target-directory")];
    case "chmod":
    case "chown":
    case "chgrp":
    case "chattr":
    case "setfacl":
      return [...targets, ...words.slice(1)];
    case "dd":
      return [...targets, ...command.args.filter((arg) => arg.startsWith("of=")).map((arg) => arg.slice(3))];
    case "sed":
    case "perl":
    case "ruby":
      return command.args.some((arg) => /^-[a-zA-Z]*i/.test(arg) || arg.startsWith("--in-place")) ? [...targets, ...words] : targets;
    case "tar":
    case "unzip":
    case "bsdtar":
      return [...targets, ...option("-C", "directory"), ...option("-d", "directory")];
    case "ed":
    case "ex":
    case "vim":
    case "vi":
    case "nvim":
    case "nano":
    case "emacs":
      return [...targets, ...words];
    // gawk rewrites its files only with the inplace extension (`-i inplace`, `--include=inplace`)
    case "gawk":
      return command.args.some((arg, index) => /^(-i|--include)=?inplace$/.test(arg) || (/^(-i|--include)$/.test(arg) && /^inplace(\.awk)?$/.test(command.args[index + 1] ?? ""))) ? [...targets, ...words] : targets;
    case "patch":
      return [...targets, ...words, ...option("-o", "output")];
    // binary editors rewrite their file in place, or write the output they are given
    case "objcopy":
      return [...targets, ...words.slice(-1)];
    case "strip":
      return [...targets, ...(option("-o", "output").length > 0 ? option("-o", "output") : words)];
    case "patchelf":
    case "install_name_tool":
    case "codesign":
      return [...targets, ...words.slice(-1)];
    case "sort":
    case "tree":
    case "git":
    case "jq":
    case "yq":
    case "curl":
    case "wget":
      return [...targets, ...option("-o", "output"), ...(name === "wget" ? option("-O", "output-document") : []), ...command.args.filter((arg) => /^--(output|out|output-document|log-file)=/.test(arg)).map((arg) => arg.slice(arg.indexOf("=") + 1))];
    default:
      return targets;
  }
}
