import { forEachChild, parse } from "unbash";
import { analyzeCommandLine, MAX_DEPTH, type FoundCommand, type LineAnalysis } from "./analyze.js";
import { describe, redirectOf, type CommandNode, type Redirect, type RedirectNode, type WalkState } from "./describe.js";
import { INTERPRETERS, shellStrings } from "./interpreters.js";
import { keywordCommand } from "./keywords.js";
import { quote } from "./words.js";

/** Walk one parse of `source`, adding every command, pipeline and error it finds to `analysis`. */
export function walk(source: string, depth: number, via: string[], startCwd: string | null, analysis: LineAnalysis): void {
  const script = parse(source);
  for (const error of script.errors ?? []) analysis.errors.push(error.message);
  const state: WalkState = { cwd: startCwd };
  const visit = (node: unknown, trail: string[], inherited: Redirect[]): void => {
    if (!node || typeof node !== "object") return;
    const typed = node as { type?: string };
    if (typed.type === "Redirected") {
      const redirected = node as { command: unknown; redirects: ReadonlyArray<RedirectNode> };
      const own = redirected.redirects.flatMap(redirectOf);
      visit(redirected.command, trail, [...inherited, ...own]);
      for (const item of redirected.redirects) visitWordParts(item, trail, inherited);
      return;
    }
    if (typed.type === "Subshell") {
      // a subshell's `cd` ends with it
      const saved = state.cwd;
      forEachChild(node as never, (child) => visit(child, trail, inherited));
      state.cwd = saved;
      return;
    }
    if (typed.type === "Pipeline") {
      const stages = (node as { commands: unknown[] }).commands;
      const flat: FoundCommand[] = [];
      const heads: Array<{ found: FoundCommand; nested: LineAnalysis[] }> = [];
      for (const stage of stages) {
        if ((stage as { type?: string }).type === "Command") {
          const head = describe(stage as CommandNode, trail, depth, analysis, state, inherited);
          heads.push(head);
          flat.push(head.found);
        } else {
          // a compound stage (`| (bash)`, `| { sh; }`): every command inside reads the pipe
          const before = analysis.commands.length;
          visit(stage, trail, inherited);
          flat.push(...analysis.commands.slice(before).filter((found) => found.via.length === trail.length));
        }
      }
      if (flat.length > 1) analysis.pipelines.push(flat);
      for (const head of heads) head.nested.forEach((nested) => merge(analysis, nested));
      // fixed text piped into a shell is code too: `echo 'rm -rf /' | sh`, `cat <<EOF | bash`;
      // piped into xargs, it becomes arguments
      heads.forEach((head, index) => {
        const before = heads[index - 1]?.found.emits;
        if (before !== undefined && head.found.via.includes("xargs")) {
          const input = before.trim();
          const words = [head.found.decodedName, ...head.found.args];
          const marker = head.found.xargsReplace ?? "{}";
          const replaced = words.some((word) => word.includes(marker)) ? words.map((word) => word.replaceAll(marker, input)) : null;
          head.found.args.push(...before.split(/\s+/).filter(Boolean));
          if (replaced && depth < MAX_DEPTH) merge(analysis, analyzeCommandLine(replaced.map(quote).join(" "), depth + 1, [...trail, "xargs"], head.found.cwd));
        }
        if (head.found.shellReadsStdin && before !== undefined && INTERPRETERS[head.found.decodedName] && head.found.code === undefined) {
          // `printf '…' | python`: the text is the interpreter's code
          head.found.code = { interpreter: head.found.decodedName, text: before };
          if (depth < MAX_DEPTH) for (const shell of shellStrings(before)) merge(analysis, analyzeCommandLine(shell, depth + 1, [...trail, `${head.found.decodedName} system()`], head.found.cwd));
        } else if (head.found.shellReadsStdin && before !== undefined && depth < MAX_DEPTH) {
          merge(analysis, analyzeCommandLine(before, depth + 1, [...trail, `| ${head.found.decodedName}`], head.found.cwd));
        }
      });
      stages.forEach((stage) => {
        if ((stage as { type?: string }).type === "Command") forEachChild(stage as never, (child) => visit(child, [...trail], []));
      });
      return;
    }
    if (typed.type === "Command") {
      const { nested } = describe(node as CommandNode, trail, depth, analysis, state, inherited);
      nested.forEach((entry) => merge(analysis, entry));
      forEachChild(node as never, (child) => visit(child, trail, []));
      return;
    }
    const keyword = keywordCommand(typed, trail, state.cwd, inherited);
    if (keyword) analysis.commands.push(keyword);
    if (typed.type === "CommandExpansion" || typed.type === "ProcessSubstitution") {
      const saved = state.cwd;
      forEachChild(node as never, (child) => visit(child, [...trail, typed.type === "CommandExpansion" ? "$(…)" : "<(…)"], []));
      state.cwd = saved;
      return;
    }
    forEachChild(node as never, (child) => visit(child, trail, inherited));
  };
  const visitWordParts = (node: unknown, trail: string[], inherited: Redirect[]) => forEachChild(node as never, (child) => visit(child, trail, inherited));
  visit(script, via, []);
}

function merge(into: LineAnalysis, from: LineAnalysis): void {
  into.commands.push(...from.commands);
  into.pipelines.push(...from.pipelines);
  into.errors.push(...from.errors);
  into.forkBomb ||= from.forkBomb;
}
