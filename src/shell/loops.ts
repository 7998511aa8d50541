// Shapes that only show in the text of a line: fork bombs, endless loops that start background jobs,
// functions that call one another in a cycle.

/** A fork bomb: `:(){ :|:& };:` and its renamed forms. */
export const FORK_BOMB = /([\w:.]+)\s*\(\)\s*\{[^}]*?(?<![\w:.])\1\s*(\|\s*\1(?![\w:.])|&)[^}]*\}/;

/** An endless loop and its body; the conditions that are always true: `true`, `:`, `((1))`, a test of one fixed word (`[ 1 ]`, `[[ x ]]`). */
export const ENDLESS_LOOP = /\b(?:while\s+(?:true|:|\/\S*true|\(\(\s*[1-9]\d*\s*\)\)|\[\[?\s*[\w.:/+]+\s*\]\]?)|until\s+(?:false|\/\S*false|\(\(\s*0\s*\)\))|for\s*\(\(\s*[^;]*;\s*;[^)]*\)\))\s*;?\s*do\b([^]*?)\bdone\b/;
/** A `&` that sends a job to the background (not `&&`, `>&`, `&>`, `|&`). */
const BACKGROUND = /(?<![&<>|])&(?![&>])/;

/**
 * A loop body that leaves a background job running when it goes round again: a `&` after the last
 * `wait` that always runs. A `wait`, `break` or `exit` inside `if`, `case`, `&&`/`||` or a subshell
 * may not run (or waits for nothing), and a job started inside a subshell is never the loop's to wait for.
 */
export function unwaitedBackground(body: string): boolean {
  let flat = body;
  for (let guard = 0; guard < 8; guard++) {
    const next = flat
      .replace(/\bif\b((?:(?!\bif\b|\bfi\b)[^])*)\bfi\b/g, (_, inner: string) => (BACKGROUND.test(inner) ? " & " : " "))
      .replace(/\bcase\b((?:(?!\bcase\b|\besac\b)[^])*)\besac\b/g, (_, inner: string) => (BACKGROUND.test(inner) ? " & " : " "))
      .replace(/\(([^()]*)\)/g, (_, inner: string) => (inner.includes("\u2691") || jobsLeftRunning(inner) ? " \u2691 " : " "));
    if (next === flat) break;
    flat = next;
  }
  flat = flat.replace(/(&&|\|\|)\s*(wait|break|exit|return)\b/g, "$1 ");
  if (/(^|[;\s{])(break|exit|return)\b/.test(flat)) return false;
  // a `wait` anywhere in the body also waits, the next time round, for the jobs started after it
  return flat.includes("\u2691") || (BACKGROUND.test(flat) && !/(^|[;\s{])wait\b/.test(flat)) || /(?<![&<>|])&(?![&>])[^]*\bdisown\b/.test(flat);
}

/** Code of a subshell that ends with jobs still running: a `&` after its last `wait`, or disowned. */
function jobsLeftRunning(code: string): boolean {
  const lastWait = Math.max(-1, ...[...code.matchAll(/(^|[;\s{])wait\b/g)].map((match) => match.index! + match[1]!.length));
  return [...code.matchAll(new RegExp(BACKGROUND.source, "g"))].some((match) => match.index! > lastWait) || (BACKGROUND.test(code) && /\bdisown\b/.test(code));
}

/** Functions that call one another in a cycle with a `&` or a pipe on the way: `a(){ b & }; b(){ a; }; a`. */
export function recursiveFunctions(bare: string): boolean {
  // two function definitions at least: `f()`, `function f`
  if ((bare.match(/\(\s*\)|\bfunction\s/g)?.length ?? 0) < 2) return false;
  const bodies = new Map<string, string>();
  const defined = new Map<string, number>();
  let outside = bare;
  for (const match of bare.matchAll(/(?:\bfunction\s+)?([\w:.-]+)\s*\(\s*\)\s*\{([^{}]*)\}|\bfunction\s+([\w:.-]+)\s*\{([^{}]*)\}/g)) {
    bodies.set(match[1] ?? match[3]!, match[2] ?? match[4]!);
    defined.set(match[1] ?? match[3]!, match.index! + match[0].length);
    outside = outside.slice(0, match.index!) + " ".repeat(match[0].length) + outside.slice(match.index! + match[0].length);
  }
  if (bodies.size < 2) return false;
  const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const calls = new Map([...bodies].map(([name, body]) => [name, [...bodies.keys()].filter((other) => new RegExp(`(^|[\\s;&|({])${escape(other)}(?=$|[\\s;&|)}])`).test(body))]));
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [...(calls.get(from) ?? [])];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (name === to) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(calls.get(name) ?? []));
    }
    return false;
  };
  // a call that runs before the whole cycle is defined fails with "command not found"
  const firstCall = (name: string) => new RegExp(`(^|[\\s;&|({])${escape(name)}(?=$|[\\s;&|)}])`).exec(outside)?.index ?? -1;
  return [...bodies].some(([name, body]) => {
    if (!(BACKGROUND.test(body) || /(?<!\|)\|(?!\|)/.test(body))) return false;
    const cycle = [...bodies.keys()].filter((other) => other === name || (reaches(name, other) && reaches(other, name)));
    const complete = Math.max(...cycle.map((member) => defined.get(member)!));
    return (calls.get(name) ?? []).some((callee) => reaches(callee, name)) && cycle.some((member) => firstCall(member) > complete);
  });
}

/** The line without quoted text and comments: what a fork bomb's shape is looked for in. */
export function withoutQuotesAndComments(source: string): string {
  return source.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, "''").replace(/(^|\s)#[^\n]*/g, "$1");
}
