// Credentials: sent to the network (deny), read (ask).
import type { FoundCommand } from "../../shell/analyze.js";
import { CREDENTIALS, globCouldMatchSecret, SECRET_VARIABLE } from "./credentials.js";
import { NETWORK } from "./programs.js";
import { asks, type RuleFamily } from "./types.js";
import { gitWords, operands } from "./words.js";

/** A network tool's words, less the key and certificate files it authenticates with (`ssh -i key.pem`, `curl --cert c.pem`). */
function sentWords(command: FoundCommand): string[] {
  const identity = command.decodedName === "curl" ? /^(-E|--cert|--key|--cacert|--capath|--proxy-cert|--proxy-key|--proxy-cacert|--crlfile|--pinnedpubkey|-o|--output|-D|--dump-header|-c|--cookie-jar|--trace|--trace-ascii|--stderr|--etag-save|--output-dir)$/ : /^(-i|-E|--cert|--key|--cacert|--capath|--proxy-cert|--proxy-key|--proxy-cacert|--crlfile|--pinnedpubkey|--certificate|--private-key|--ca-certificate)$/;
  return command.args.filter((arg, index) => !identity.test(arg) && !identity.test(command.args[index - 1] ?? "") && !/^--(cert|key|cacert|certificate|private-key|ca-certificate)=/.test(arg));
}

/** Whether a network command reads its standard input (so what is piped into it is sent). */
function readsStdin(command: FoundCommand): boolean {
  const args = command.args;
  switch (command.decodedName) {
    case "curl":
      return args.some((arg) => arg === "-" || /(@|<)-$|^--?[\w-]*=-$|^-[a-zA-Z]*[dTK]-$/.test(arg));
    case "wget":
      return args.some((arg, index) => /^(-i|--input-file|--post-file|--body-file)$/.test(arg) ? /^(-|\/dev\/stdin)$/.test(args[index + 1] ?? "") : /^(-i-|--(input-file|post-file|body-file)=(-|\/dev\/stdin))$/.test(arg));
    case "ssh":
      return !args.some((arg) => /^-[a-zA-Z]*[nf][a-zA-Z]*$/.test(arg) && !/^-[a-zA-Z]*[oipFlLRDwJWbcEeIimQS]/.test(arg));
    default:
      return true;
  }
}

/** `credentials-sent`, a deny family. */
export const credentialsSent: RuleFamily = {
  name: "credentials-sent",
  decision: "deny",
  summary: "sends a credential file, the environment or a key to a network tool",
  command: (command) =>
    NETWORK.has(command.decodedName) && (sentWords(command).some((arg) => CREDENTIALS.test(arg)) || command.redirects.some((redirect) => redirect.operator === "<" && CREDENTIALS.test(redirect.target)) || command.argsText.some((word) => /\$\(\s*(env|printenv|set|export)\b/.test(word)))
      ? "a network tool given a credential file or the environment"
      : undefined,
  line: (line) => {
    const reads = (stage: FoundCommand) =>
      [...stage.args, ...stage.argsText].some((arg) => CREDENTIALS.test(arg)) || stage.redirects.some((redirect) => redirect.operator === "<" && CREDENTIALS.test(redirect.target)) || (["env", "printenv", "set", "export"].includes(stage.decodedName) && stage.args.length === 0);
    const sends = (later: FoundCommand) => NETWORK.has(later.decodedName) || later.decodedName === "git";
    const piped = line.pipelines.flatMap((stages) => stages.flatMap((stage, index) => (reads(stage) ? stages.slice(index + 1).filter(sends) : [])));
    if (piped.some(readsStdin)) return "pipes a credential or the environment to a network tool";
    if (piped.length > 0) return asks("pipes a credential or the environment towards a network tool (which does not read its input)");
    if (line.commands.some((command) => NETWORK.has(command.decodedName) && command.argsText.some((word) => /\$\(|`/.test(word) && CREDENTIALS.test(word)))) return "a network tool given a credential through a substitution";
    return undefined;
  },
};

/** `credentials-read`, an ask family. */
export const credentialsRead: RuleFamily = {
  name: "credentials-read",
  decision: "ask",
  summary: "reads credential files (also through globs such as .en? or .ss[h]), other processes' or the shell's environment (env, printenv, ps e, jq env, /proc/*/environ, git config -l)",
  command: (command, _line, context) => {
    const name = command.decodedName;
    const words = [...command.args, ...command.argsText, ...command.redirects.filter((redirect) => redirect.operator === "<").map((redirect) => redirect.target)];
    if (words.some((arg) => CREDENTIALS.test(arg) && !namesNoFile(command, arg))) return "names a credential file";
    const globs = [...(command.globWords ?? []), ...command.redirects.filter((redirect) => redirect.operator === "<" && /[*?[]/.test(redirect.target)).map((redirect) => redirect.target)];
    if (globs.some(globCouldMatchSecret)) return "a glob that can match a credential file";
    // a folder change into the home folder, then a relative glob or a dotfile
    if (command.cwd !== null && command.cwd.startsWith("~") && (globs.length > 0 || operands(command).some((path) => /^\./.test(path))) && name !== "cd" && name !== "ls") return "reads dotfiles or globs in the home folder";
    if ((name === "printenv" && command.args.some((arg) => SECRET_VARIABLE.test(arg))) || command.argsText.some((word) => new RegExp(`\\$\\{?${SECRET_VARIABLE.source.slice(1, -1)}`).test(word))) return "prints a secret from the environment";
    // env with no program prints the environment, whatever it unsets or adds first (`env -0`, `env -u X`)
    if (name === "env" && !command.wrapsCode && !command.args.some((arg) => /^--(help|version)$/.test(arg))) return "prints the environment";
    if ((name === "env" || name === "printenv" || name === "export" || name === "declare" || name === "typeset" || name === "set" || name === "compgen") && (command.args.length === 0 || command.args.every((arg) => /^-[pxv]+$/.test(arg)))) return "prints the environment";
    if (name === "ps" && command.args.some((arg) => (!arg.startsWith("-") && /e/.test(arg)) || /^-[a-zA-Z]*E/.test(arg))) return "ps e shows other processes' environments";
    if ((name === "jq" || name === "yq" || name === "gojq") && command.args.some((arg) => /\$ENV|\benv\b/.test(arg))) return "jq prints the environment";
    if (name === "git") {
      const git = gitWords(command)!;
      if (git.sub === "config" && git.rest.some((arg) => /^(-l|--list|--get-regexp|--show-origin)$/.test(arg) || arg === "list")) return "git config -l prints tokens kept in settings";
      if (git.sub === "credential" || git.sub === "credential-store" || git.sub === "credential-cache") return "git credential prints stored passwords";
    }
    if (["security", "secret-tool", "pass", "gopass", "op", "bw", "lpass", "keepassxc-cli", "vault", "aws-vault", "sops", "age", "kubeseal"].includes(name) && command.args.some((arg) => /^(find-generic-password|find-internet-password|dump-keychain|lookup|show|get|read|item|export|decrypt|-d|exec|login)$/.test(arg))) return `${name} prints stored secrets`;
    if ((name === "aws" && command.args.some((arg) => /^(get-secret-value|get-parameters?|export-credentials|get-session-token|get-login-password|decrypt)$/.test(arg) || arg === "--with-decryption")) || (name === "gcloud" && command.args.some((arg) => /print-access-token|print-identity-token|access$/.test(arg))) || (name === "az" && command.args.some((arg) => /get-access-token|^secret$/.test(arg))) || (name === "kubectl" && command.args.some((arg) => /^secrets?$|secret\//.test(arg)) && command.args.some((arg) => /^(get|describe|edit)$/.test(arg)))) return `${name} prints a secret`;
    if (name === "gh" && command.args[0] === "auth" && /^(token|status)$/.test(command.args[1] ?? "") && (command.args[1] === "token" || command.args.includes("--show-token") || command.args.includes("-t"))) return "gh auth token prints the login token";
    if (command.redirects.some((redirect) => redirect.operator === "<" && /^\/proc\/.*\/environ$/.test(redirect.target))) return "reads a process's environment";
    return undefined;
  },
};

/** Options of `openssl x509` that print a certificate's fields: it parses certificates only, so a key file is refused, never printed. */
const X509_PRINTS = /^-(in|inform|noout|text|subject|issuer|dates|startdate|enddate|serial|fingerprint|sha1|sha256|md5|hash|subject_hash|issuer_hash|email|purpose|pubkey|modulus|ext|nameopt|certopt|checkend|ocsp_uri|alias|ocspid|noupdate)$/;

/**
 * True when a word that looks like a credential file is not a file the command reads: jq's
 * filter (`jq '.key' a.json`, and yq's when a file follows it), or the certificate `openssl
 * x509 -in cert.pem -noout -text` parses.
 */
export function namesNoFile(command: FoundCommand, word: string): boolean {
  const args = command.args;
  const name = command.decodedName;
  if (name === "jq" || name === "gojq" || name === "yq") {
    // options with values (`--rawfile NAME FILE`, `-f FILE`) make the filter's place unknown
    if (args.some((arg) => /^-[a-zA-Z]*[fL]$|^--(from-file|arg|argjson|slurpfile|rawfile|indent|args|jsonargs|front-matter|output-format|input-format|expression)$|^-[pIo]$/.test(arg))) return false;
    const positional = args.filter((arg) => !arg.startsWith("-"));
    const filter = name === "yq" && /^(eval|e|eval-all|ea)$/.test(positional[0] ?? "") ? positional[1] : positional[0];
    const files = positional.slice(positional.indexOf(filter ?? "") + 1);
    const written = word.replace(/^(['"])(.*)\1$/s, "$2");
    return filter === written && written.startsWith(".") && !word.includes("/") && (name !== "yq" || files.length > 0);
  }
  if (name === "openssl" && args[0] === "x509") return args.slice(1).every((arg, index, rest) => X509_PRINTS.test(arg) || (!arg.startsWith("-") && /^-(in|inform|nameopt|certopt|checkend|ext)$/.test(rest[index - 1] ?? "")));
  return false;
}
