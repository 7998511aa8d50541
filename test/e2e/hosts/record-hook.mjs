// A plain command hook for the host end-to-end tests: `node record-hook.mjs <folder> <label>`.
// It saves its stdin as <folder>/<label>-<n>.json (n counts this label's calls from 0) and answers
// as <folder>/answers.json says for that label: one answer, or a list taken by call number, each
// { stdout?: string | object, stderr?: string, code?: number, sleepMs?: number, lingerMs?: number }:
// it waits sleepMs before any output, writes, waits lingerMs, then exits; none = exit 0, no output.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [folder, label] = process.argv.slice(2);
let input = "";
process.stdin.setEncoding("utf8").on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const call = readdirSync(folder).filter((name) => name.startsWith(`${label}-`) && name.endsWith(".json")).length;
  writeFileSync(join(folder, `${label}-${call}.json`), input);
  const file = join(folder, "answers.json");
  const answers = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const entry = answers[label];
  const answer = (Array.isArray(entry) ? entry[call] : entry) ?? {};
  setTimeout(() => {
    if (answer.stderr) process.stderr.write(answer.stderr);
    if (answer.stdout !== undefined) process.stdout.write(typeof answer.stdout === "string" ? answer.stdout : JSON.stringify(answer.stdout));
    setTimeout(() => process.exit(answer.code ?? 0), answer.lingerMs ?? 0);
  }, answer.sleepMs ?? 0);
});
