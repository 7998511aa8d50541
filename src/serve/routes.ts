import type { Answer, AnswerOptions } from "../answer/types.js";
import type { HookDefinition } from "../hook/definition.js";
import type { Runtime } from "../runtimes/types.js";
import type { JudgingRoute } from "./http.js";

/** What a judging route answered: the answer (none when there was nothing to judge), the body and the log text. */
export interface RouteAnswer {
  answer: Answer | null;
  /** The 200 body in the host's HTTP form; `""` passes. */
  body: string;
  /** What a hook process would have written on stderr. */
  log: string;
}

/**
 * Answer a judging route with the decision core: `/hooks/<name>` judges the event with the hook,
 * `/review-command` reviews a Bash call, `/loop/stop-hook` runs the loops' Stop hook; the answer
 * is written in the runtime's HTTP form. Each use case loads on its first request.
 */
export async function answerRoute(route: JudgingRoute["route"], hook: HookDefinition | undefined, text: string, runtime: Runtime, options: AnswerOptions): Promise<RouteAnswer> {
  const event = runtime.parse(text);
  let answer: Answer | null;
  if (route === "hooks") {
    const { judgeEvent } = await import("../answer/judge-event.js");
    answer = await judgeEvent([hook!], event, options);
    if (answer === null) throw new Error(`the body is not a hook event: ${event.ok ? "" : event.error.message}`);
  } else if (options.env["HOOKJUDGE_ACTIVE"] === "1") {
    // as the commands: a server hookjudge itself started does not judge the gate or the loop
    answer = null;
  } else if (route === "review-command") {
    if (!event.ok) throw event.error;
    const review = await (await import("../answer/review-bash.js")).reviewBashCall(event.input, options);
    answer = review && { ...review, host: event.host };
  } else {
    answer = await (await import("../answer/loop-stop.js")).answerLoopStop(event, options);
  }
  if (answer === null) return { answer, body: "", log: "" };
  return { answer, body: runtime.httpBody(answer), log: runtime.output(answer).stderr };
}
