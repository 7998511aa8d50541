import { commandAllowed } from "../shell/simple-command.js";
import { READ_AGAIN_GUESS, type FoundCommand, type LineAnalysis } from "../shell/analyze.js";
import { CREDENTIALS, FAMILIES, WRITES, writeTargets, type Finding, type RuleFamily } from "./families/index.js";
import { INERT, READ_VERBS, readVerbProblem } from "./inert.js";
import { isHelpQuery } from "./inert-help.js";
import { awkInert, fdInert, findInert, gitInert, inertByTable, jqInert, operandProblem, printfInert, psInert, safeSed, testInert } from "./inert-readers.js";
import { sevenZipInert, tarInert } from "./inert-tools.js";
import { dynamicArgsInert, keywordInert, shellInert, wrapperProblem } from "./inert-wrapped.js";
import { isCriticalPath, resolveOperand, type RuleContext } from "./paths.js";

export { isCriticalPath, type RuleContext } from "./paths.js";

/** What the rules say of one command line. */
export type RuleVerdict = "deny" | "ask" | "allow" | "model";

/** A rule that fired, and why. */
export interface RuleHit {
  rule: string;
  decision: "deny" | "ask" | "allow";
  /** The command it fired on, as the shell would run it. */
  command: string;
  reason: string;
}

/** The rules' answer for a whole line. */
export interface RuleResult {
  verdict: RuleVerdict;
  /** The deciding hit (the first deny, or ask), or the reason the model is asked. */
  reason: string;
  rule: string | null;
  hits: RuleHit[];
  /** Commands no rule decided, each with why: what the model is asked about. */
  undecided: string[];
}

/** A project's own rules (`.hookjudge/rules.json`): word patterns as in `allow-commands`. */
export interface ProjectRules {
  allow?: string[];
  ask?: string[];
  deny?: string[];
}

const CHECKS = [
  "npm test *", "npm t *", "npm run test *", "npm run lint *", "npm run typecheck *", "npm run check *", "npm run build *", "npm ls *", "npm list *", "npm view *", "npm outdated *", "npm --version",
  "npx tsc --noEmit *", "npx vitest run *", "npx jest *", "npx eslint *", "npx prettier --check *", "tsc --noEmit *", "vitest run *", "jest *", "eslint *",
  "yarn test *", "yarn lint *", "pnpm test *", "pnpm lint *", "pnpm run test *", "bun test *",
  "pytest *", "python -m pytest *", "python3 -m pytest *", "ruff check *", "mypy *", "black --check *", "flake8 *",
  "cargo test *", "cargo check *", "cargo c *", "cargo doc *", "cargo clippy *", "cargo build *", "go test *", "go vet *", "go build *", "make test *", "make check *", "make lint *",
  "mvn test *", "gradle test *", "./gradlew test *", "deno test *", "deno lint *", "deno check *", "node --version", "python --version", "python3 --version",
];
/** Flags a project check may carry: they change what is reported, never what runs. */
const CHECK_FLAGS = /^(--|-D|-W|-A|-v|-vv|-q|-x|-s|--verbose|--quiet|--silent|--run|--watch=false|--no-watch|--ci|--bail|--passWithNoTests|--noEmit|--pretty|--release|--all|--workspace|--lib|--bins|--tests|--all-targets|--all-features|--no-color|--color|-race|-count=\d+|-short|-cover|--coverage|--no-coverage|--lf|--ff|--tb=\w+|-rA|-ra|--maxfail=\d+|--locked|--frozen|--offline|--features|--no-default-features|--no-deps|--document-private-items|--strict|--list|--json|--long|--parseable|--depth=\d+|--all-workspaces|--production|--dev|-k|-m|-p|--package|-run|--testNamePattern|-t|--grep|--project|--filter|--changed|--onlyChanged|--listTests|-u|--update|--check|--diff|--statistics|--show-source|--exit-zero|--max-warnings=\d+|--quiet|--no-cache|--format=\w+|--reporter=(default|verbose|dot|basic|json|tap|junit|spec|list|min)|--noEmit|--incremental|-b|--build|--workers=\d+|-j\d*|--jobs=\d+)$/;
/** Flags that take the next word as their value, for CHECK_FLAGS. */
const CHECK_VALUED = new Set(["--features", "-D", "-W", "-A", "-k", "-m", "-p", "--package", "-run", "--testNamePattern", "-t", "--grep", "--project", "--filter"]);
/** Variables that change only how programs print. */
const HARMLESS_ASSIGNMENT = /^(LC_[A-Z]+|LANG|LANGUAGE|TZ|NO_COLOR|FORCE_COLOR|CLICOLOR|CLICOLOR_FORCE|COLUMNS|LINES|TERM|CI|DEBUG|NODE_ENV|RUST_BACKTRACE|PYTHONDONTWRITEBYTECODE|PYTHONUNBUFFERED)=(?!.*[$`])/;

/** A project check (tests, lint, build) with only plain extra words. */
function checkInert(command: FoundCommand, context: RuleContext): string | undefined {
  const argv = [command.name!, ...command.args];
  const pattern = commandAllowed(argv, CHECKS);
  if (!pattern) return undefined;
  const fixed = pattern.replace(/ \*$/, "").split(" ").length - 1;
  const extra = command.args.slice(fixed);
  for (let index = 0; index < extra.length; index++) {
    const arg = extra[index]!;
    if (arg.startsWith("-")) {
      if (!CHECK_FLAGS.test(arg)) return `${arg} is not a flag a check is known to take safely`;
      // pytest -p loads a plugin by name (code); cargo -p only names a package
      if (arg === "-p" && (command.name === "pytest" || command.args[1] === "pytest")) return "pytest -p loads a plugin";
      if (CHECK_VALUED.has(arg)) index++;
      continue;
    }
    // make targets, test names, paths inside the project: no assignments (make X=…), no URLs, no absolute paths
    if (!/^[\w@.,+/:-]+$/.test(arg) || arg.includes("=") || arg.includes("://") || arg.startsWith("/") || arg.split("/").includes("..")) return `${arg} is not a plain test name or path`;
    if (command.name === "make" && arg.includes("/")) return `${arg} is not a make target`;
    if (isCriticalPath(arg, context.projectDir ?? context.cwd)) return `${arg} is outside the project`;
  }
  return "project check";
}

/** Why a command is inert (`read-only` or `project check`), or `undefined`; `why` receives the refusal. */
function allowReason(command: FoundCommand, context: RuleContext, line: LineAnalysis, why: (reason: string) => void): string | undefined {
  const refuse = (reason: string) => {
    why(reason);
    return undefined;
  };
  if (command.name === null) return refuse("the program's name is computed");
  if (command.byPath) return refuse("the program is named by a path, not found through PATH");
  if ((command.dynamicArgs && !dynamicArgsInert(command)) || command.code || command.opaqueCode || command.tooDeep || command.wrapsCode) return refuse("its arguments or code are computed at run time");
  // an assignment can change what any program does (GIT_EXTERNAL_DIFF, LD_PRELOAD, PATH, LESSOPEN, …)
  if (command.assignments.some((assignment) => !HARMLESS_ASSIGNMENT.test(assignment))) return refuse("an environment assignment can change what it runs");
  const wrapped = wrapperProblem(command, line);
  if (wrapped) return refuse(wrapped);
  for (const redirect of command.redirects) {
    if (redirect.operator === "<" && (CREDENTIALS.test(redirect.target) || /^\/dev\/(tcp|udp)\//.test(redirect.target) || /^\/proc\//.test(redirect.target))) return refuse(`reads ${redirect.target}`);
    if (redirect.dynamic) return refuse("a redirection target is computed at run time");
  }
  const writes = command.redirects.filter((redirect) => WRITES.test(redirect.operator) && !/^(\/dev\/null|\/dev\/stdout|\/dev\/stderr|\d+|-)$/.test(redirect.target));
  for (const redirect of writes) {
    const resolved = resolveOperand(redirect.target, command, context);
    const base = context.projectDir ?? context.cwd;
    if (resolved === null || !resolved.startsWith(base + "/") || /[*?[]/.test(redirect.target)) return refuse(`writes ${redirect.target} outside the project`);
  }
  const name = command.name;
  // git's help runs the viewer its settings name: gitInert checks the repository first
  if ((name !== "git" && isHelpQuery(command)) || (command.args.length === 1 && /^(--version|-V|--help)$/.test(command.args[0]!) && !/^(sudo|su|doas)$/.test(name))) return "read-only";
  let problem: string | undefined;
  if (name === "git") problem = gitInert(command, context);
  else if (name === "find") problem = findInert(command);
  else if (name === "fd" && command.args.some((arg) => /^(-x|--exec|-X|--exec-batch)$/.test(arg))) problem = fdInert(command);
  else if (name === "sed") problem = safeSed(command.args) ? operandProblem(command, command.args.filter((arg) => !arg.startsWith("-")).slice(1)) : "the sed script or options can write or run";
  else if (name === "awk" || name === "gawk" || name === "mawk" || name === "nawk") problem = awkInert(command);
  else if (name === "jq") problem = jqInert(command);
  else if (name === "ps") problem = psInert(command);
  else if (name === "printf") problem = printfInert(command);
  else if (name === "test" || name === "[") problem = testInert(command);
  else if (name === "[[" || name === "((") problem = keywordInert(command);
  else if (/^(bash|sh|dash|zsh|ksh|fish)$/.test(name)) problem = shellInert(command);
  else if (name === "tar") problem = tarInert(command) ?? operandProblem(command, command.args.filter((arg) => !arg.startsWith("-")).slice(1));
  else if (/^7z[azr]?$/.test(name)) problem = sevenZipInert(command) ?? operandProblem(command, command.args.slice(1).filter((arg) => !arg.startsWith("-")));
  else if (INERT[name]) problem = inertByTable(command, INERT[name]!);
  else if (READ_VERBS[name] && readVerbProblem(command) === undefined) problem = operandProblem(command, command.args.filter((arg) => !arg.startsWith("-")));
  else {
    // a check runs the project's own code: only on a line that writes nothing first
    if (line.commands.some((other) => other !== command && writeTargets(other).some((target) => !/^(\/dev\/null|\d+|-)$/.test(target)))) return refuse("a project check on a line that also writes files");
    const check = checkInert(command, context);
    if (check === "project check") return check;
    return refuse(check ?? (READ_VERBS[name] ? readVerbProblem(command)! : `${name} is not on the list of programs known to be inert`));
  }
  if (problem !== undefined) return refuse(problem);
  return "read-only";
}

/** A family's finding as a decision and its reason. */
function decided(family: RuleFamily, found: Finding): { decision: "deny" | "ask"; reason: string } {
  return typeof found === "string" ? { decision: family.decision, reason: found } : found;
}

/** The command as a shell line, for messages. */
export function commandText(command: FoundCommand): string {
  return [command.name ?? `<computed:${command.decodedName}>`, ...command.argsText].join(" ");
}

/**
 * Apply the rules to a whole line: deny beats ask beats allow, and anything no rule decides goes
 * to the model. A line that does not parse, and a command whose name is computed at run time, are
 * never allowed by a rule.
 */
export function applyRules(line: LineAnalysis, project: ProjectRules = {}, context: RuleContext = { cwd: "/nonexistent-project" }): RuleResult {
  const hits: RuleHit[] = [];
  const undecided: string[] = [];
  for (const family of FAMILIES) {
    const found = family.line?.(line, context);
    if (found) hits.push({ rule: family.name, ...decided(family, found), command: line.source.length > 200 ? `${line.source.slice(0, 200)}…` : line.source });
  }
  for (const command of line.commands) {
    const text = commandText(command);
    const argv = [command.name ?? command.decodedName, ...command.args];
    // built-in denies first, then the project's deny, then asks (built-in and the project's)
    // GNU tools print their help and exit on --help, whatever else the line says
    const helpOnly = command.args.at(-1) === "--help" && command.decodedName !== "find" && !command.code && !command.opaqueCode;
    const fired = FAMILIES.flatMap((family) => {
      const found = helpOnly ? undefined : family.command?.(command, line, context);
      if (!found) return [];
      const hit = { rule: family.name, ...decided(family, found), command: text };
      // read again with a value the line may give a variable: a guess at what runs, for a person to judge
      if (hit.decision === "deny" && command.via.includes(READ_AGAIN_GUESS)) return [{ ...hit, decision: "ask" as const, reason: `${hit.reason} (reading the line with a value it may give a variable)` }];
      return [hit];
    });
    const denied = fired.find((hit) => hit.decision === "deny");
    if (denied) {
      hits.push(denied);
      continue;
    }
    const projectDeny = commandAllowed(argv, project.deny ?? []);
    if (projectDeny) {
      hits.push({ rule: `project deny: ${projectDeny}`, decision: "deny", command: text, reason: `the project's rules deny ${projectDeny}` });
      continue;
    }
    if (fired.length > 0) {
      hits.push(...fired);
      continue;
    }
    const projectAsk = commandAllowed(argv, project.ask ?? []);
    if (projectAsk) {
      hits.push({ rule: `project ask: ${projectAsk}`, decision: "ask", command: text, reason: `the project's rules ask about ${projectAsk}` });
      continue;
    }
    let refusal = "";
    const projectAllow = command.name !== null && !command.byPath && !command.dynamicArgs && command.assignments.length === 0 && command.redirects.every((redirect) => !WRITES.test(redirect.operator) || /^(\/dev\/null|\d+)$/.test(redirect.target)) ? commandAllowed(argv, project.allow ?? []) : undefined;
    const builtIn = projectAllow ? undefined : allowReason(command, context, line, (reason) => (refusal = reason));
    if (projectAllow || builtIn) {
      hits.push({ rule: projectAllow ? `project allow: ${projectAllow}` : builtIn!, decision: "allow", command: text, reason: projectAllow ? "allowed by the project's rules" : builtIn! });
    } else {
      undecided.push(refusal ? `${text} (${refusal})` : text);
    }
  }
  const deny = hits.find((hit) => hit.decision === "deny");
  if (deny) return { verdict: "deny", reason: `${deny.command}: ${deny.reason} (rule ${deny.rule})`, rule: deny.rule, hits, undecided };
  const ask = hits.find((hit) => hit.decision === "ask");
  if (ask) return { verdict: "ask", reason: `${ask.command}: ${ask.reason} (rule ${ask.rule})`, rule: ask.rule, hits, undecided };
  if (line.errors.length > 0) return { verdict: "model", reason: `the line does not parse cleanly (${line.errors[0]})`, rule: null, hits, undecided: [...undecided, line.source] };
  if (line.commands.length > 0 && undecided.length === 0) return { verdict: "allow", reason: "every command is read-only or a project check", rule: hits[0]?.rule ?? "read-only", hits, undecided };
  return { verdict: "model", reason: undecided.length > 0 ? `no rule decides: ${undecided.join("; ")}` : "no command found", rule: null, hits, undecided };
}
