// The network: code fetched and run, shells handed to a socket, requests that send or change data.
import type { FoundCommand } from "../../shell/analyze.js";
import { NETWORK, pipedIntoCode, RUNNERS, runsFile, runsStdin, SHELLS } from "./programs.js";
import { asks, type RuleFamily } from "./types.js";
import { code } from "./words.js";
import { writeTargets } from "./writes.js";

/** Whether a network command prints what it fetches (`wget URL` and `curl -o F` write a file, `nc -z` only scans, `http --offline` sends nothing). */
function printsBody(command: FoundCommand): boolean {
  const args = command.args;
  switch (command.decodedName) {
    case "wget":
      return args.some((arg, index) => /^(-[a-zA-Z]*O-|--output-document=-)$/.test(arg) || (/^(-[a-zA-Z]*O|--output-document)$/.test(arg) && args[index + 1] === "-"));
    case "curl":
      return !args.some((arg, index) => /^(-[a-zA-Z]*O[a-zA-Z]*|--remote-name(-all)?|-J|--remote-header-name)$/.test(arg) || (/^(-o|--output)$/.test(arg) && args[index + 1] !== "-") || (/^-o./.test(arg) && arg !== "-o-") || (/^--output=/.test(arg) && arg !== "--output=-"));
    case "http":
    case "https":
    case "xh":
      return !args.some((arg) => /^(--download|-d|--offline)$/.test(arg));
    case "nc":
    case "ncat":
    case "netcat":
      return !args.some((arg) => /^-[a-zA-Z]*z/.test(arg));
    default:
      return true;
  }
}

/** The base names of the files a download writes: `-o FILE`, `> FILE`, `tee FILE`, wget's and `curl -O`'s name from the URL. */
function downloads(command: FoundCommand): string[] {
  const names = writeTargets(command);
  const url = command.args.find((arg) => /^[a-z]+:\/\/|^[\w.-]+\.[a-z]{2,}\//i.test(arg));
  if (url && (command.decodedName === "wget" || command.args.some((arg) => /^(-[a-zA-Z]*O|--remote-name)$/.test(arg)))) names.push(url.replace(/[?#].*$/, "").replace(/\/+$/, ""));
  return names.map((name) => name.replace(/^.*\//, "")).filter(Boolean);
}

/** Whether a program given as text (`/bin/sh -i`, `env -u X python`) is a shell or interpreter, or could be one. */
function runsCode(text: string): boolean {
  if (/[;&|`$<>(]/.test(text)) return true;
  const words = text.replace(/["']/g, " ").trim().split(/\s+/);
  let index = 0;
  while (index < words.length && (/^(env|nice|nohup|stdbuf|timeout|setsid|exec|command|sudo|doas)$/.test(words[index]!.replace(/^.*\//, "")) || /^-|^\d+$|^\w+=/.test(words[index]!))) index++;
  const program = (words[index] ?? "").replace(/^.*\//, "");
  return program === "" || RUNNERS.has(program.replace(/\d+(\.\d+)*$/, "")) || RUNNERS.has(program);
}

/** `network-to-shell`, a deny family. */
export const networkToShell: RuleFamily = {
  name: "network-to-shell",
  decision: "deny",
  summary: "runs code from the network: curl|sh in every spelling (subshells, groups, process substitution, variables, download-then-run)",
  line: (line) => {
    const fetches = (stage: FoundCommand) => NETWORK.has(stage.decodedName) && !stage.args.some((arg) => arg === "--version" || arg === "--help" || arg === "-V");
    for (const stages of line.pipelines) {
      const piped = pipedIntoCode(stages, fetches, (stage) => printsBody(stage) && !stage.args.some((arg) => /^(--url=)?file:/i.test(arg)), "pipes a download into a shell or interpreter");
      if (piped) return piped;
    }
    const network = line.commands.filter((command) => NETWORK.has(command.decodedName) && !command.args.some((arg) => arg === "--version" || arg === "--help"));
    if (network.length === 0) return undefined;
    // `curl … | tee x.sh` writes the download too
    for (const stages of line.pipelines) {
      const at = stages.findIndex(fetches);
      if (at !== -1) for (const later of stages.slice(at + 1)) if (later.decodedName === "tee") for (const name of writeTargets(later)) network.push({ ...later, decodedName: "curl", args: ["-o", name], redirects: [] });
    }

    if (line.commands.some((command) => RUNNERS.has(command.decodedName) && command.argsText.some((word) => /(\$\(|`|<\()\s*(sudo\s+)?(curl|wget|fetch|nc|ncat|http|xh|aria2c)\b/.test(word)))) return "runs the output of a download";
    if (network.some((command) => command.via.includes("<(…)") || command.via.includes("$(…)")) && line.commands.some((other) => RUNNERS.has(other.decodedName) || other.opaqueCode === true)) return asks("a download's output is kept on a line that runs code");
    // `curl … > >(sh)`, `sh <(curl …)`: a shell inside a process substitution reads the download
    if (line.commands.some((other) => runsStdin(other) && other.via.includes("<(…)"))) return "runs a download through process substitution";
    if (network.some((command) => command.via.includes("<(…)") && line.commands.some((other) => RUNNERS.has(other.decodedName)))) return asks("a download through process substitution on a line that runs code");
    // download, then run what was written: `curl -o x.sh …; bash x.sh`, `wget URL/x.sh; ./x.sh`
    const downloaded = new Set(network.flatMap((command) => downloads(command)));
    const runs = (command: FoundCommand) => (command.byPath ? [command.decodedName] : runsFile(command) ? command.args.filter((arg) => !arg.startsWith("-")).slice(0, 1) : []);
    if (downloaded.size > 0 && line.commands.some((command) => runs(command).some((file) => downloaded.has(file.replace(/^.*\//, ""))))) {
      return network.every((command) => command.args.some((arg) => /^(--url=)?file:/i.test(arg))) ? asks("copies a local file by URL and runs it") : "downloads a file and runs it";
    }
    return undefined;
  },
};

/** `reverse-shell`, a deny family. */
export const reverseShell: RuleFamily = {
  name: "reverse-shell",
  decision: "deny",
  summary: "opens a socket from the shell or hands a shell to the network: /dev/tcp, nc -e, socat exec:, interpreter sockets with a shell",
  command: (command) => {
    const sockets = command.redirects.filter((redirect) => /^\/dev\/(tcp|udp)\//.test(redirect.target));
    if (sockets.length > 0 || command.args.some((arg) => /\/dev\/(tcp|udp)\//.test(arg))) {
      // a shell whose output alone goes to the socket reads its commands from elsewhere
      const outputOnly = sockets.length > 0 && sockets.every((redirect) => redirect.operator === ">" || redirect.operator === ">>") && !command.redirects.some((redirect) => /^[<>]&$/.test(redirect.operator));
      return outputOnly && SHELLS.has(command.decodedName) && !command.args.some((arg) => /\/dev\/(tcp|udp)\//.test(arg)) ? asks("sends a shell's output to a network socket through /dev/tcp") : "opens a network socket through /dev/tcp";
    }
    const name = command.decodedName;
    if (["nc", "ncat", "netcat", "nc.traditional", "nc.openbsd"].includes(name)) {
      const at = command.args.findIndex((arg) => /^(-[a-zA-Z]*[ec]|--exec|--sh-exec|--lua-exec)/.test(arg));
      if (at !== -1) {
        const option = command.args[at]!;
        const attached = /^--[\w-]+=/.test(option) ? option.slice(option.indexOf("=") + 1) : /^-[a-zA-Z]*[ec]./.test(option) ? option.slice(option.search(/[ec]/) + 1) : undefined;
        const program = attached ?? command.args[at + 1] ?? "";
        const peers = command.args.filter((arg, index) => !arg.startsWith("-") && index !== at + 1);
        const listens = command.args.some((arg) => /^(-[a-zA-Z]*l[a-zA-Z]*|--listen)$/.test(arg));
        if (!runsCode(program) || (peers.length === 0 && !listens)) return asks(`${name} hands ${program || "a program"} to the network`);
        return `${name} runs a program for the network`;
      }
    }
    if (name === "socat") {
      const programs = command.args.flatMap((arg) => [...arg.matchAll(/(?:^|,|:)(?:exec|system):([^,]*)/gi)].map((match) => match[1]!));
      if (programs.some(runsCode) || command.args.some((arg) => /^shell(:|$)/i.test(arg))) return "socat connects a program to the network";
      if (programs.length > 0) return asks("socat connects a program to the network");
    }
    const source = code(command);
    if (source && /socket|TCPSocket|net\.connect|createConnection|fsockopen|IO::Socket/.test(source) && /subprocess|pty\.spawn|dup2|exec|spawn|\/bin\/(ba)?sh|popen|system/.test(source)) return "an interpreter that connects a shell to the network";
    return undefined;
  },
  line: (line) =>
    line.commands.some((command) => command.decodedName === "mkfifo") && line.commands.some((command) => NETWORK.has(command.decodedName)) && line.commands.some((command) => SHELLS.has(command.decodedName)) ? "a named pipe between the network and a shell" : undefined,
};

/** `network-write`, an ask family. */
export const networkWrite: RuleFamily = {
  name: "network-write",
  decision: "ask",
  summary: "HTTP requests that change or send data (DELETE, PUT, PATCH, POST, uploads, form posts)",
  command: (command) => {
    const name = command.decodedName;
    if (!/^(curl|wget|http|https|xh|httpie|curlie|grpcurl|websocat|wscat)$/.test(name)) return undefined;
    const args = command.args;
    const method = args.flatMap((arg, index) => (/^(-X|--request|--method)$/.test(arg) ? [args[index + 1] ?? ""] : /^(-X|--request=|--method=)(.+)$/.exec(arg)?.[2] ? [/^(-X|--request=|--method=)(.+)$/.exec(arg)![2]!] : []));
    if (method.some((value) => /^(delete|put|patch|post)$/i.test(value))) return `${name} sends a ${method[0]!.toUpperCase()} request`;
    // curl's -f is --fail and wget's -T is --timeout: only httpie's -f posts a form, only curl's -T uploads
    if (args.some((arg) => /^(-d|--data|--data-\w+|-F|--form|--form-string|--upload-file|--json|--post-data|--post-file|--body-data|--body-file)$|^(-d|-F).|^--(data|form|json|upload-file|post-data|post-file)=/.test(arg) || (arg === "-f" && name !== "curl") || (/^-T/.test(arg) && name !== "wget"))) return `${name} sends data`;
    if ((name === "http" || name === "https" || name === "xh" || name === "httpie") && /^(delete|put|patch|post)$/i.test(args.find((arg) => !arg.startsWith("-")) ?? "")) return `${name} sends a write request`;
    if (name === "grpcurl" && args.some((arg) => /delete|remove|destroy|drop|purge/i.test(arg))) return "grpcurl calls a delete method";
    return undefined;
  },
};
