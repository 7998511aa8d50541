import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { CLI, temporaryDirectory } from "../helpers/cli.js";
import { ensureClaude } from "./claude.js";
import { startModelServer } from "./model-server.js";

/**
 * A temporary project whose `.claude/settings.json` has these hooks, with these files, and a
 * Claude Code config folder of its own beside it; under `base` when given, else in a new folder.
 */
export function e2eProject(hooks: unknown, files: Record<string, string> = {}, base?: string): { cwd: string; configDir: string } {
  const folder = base ?? realpathSync(temporaryDirectory("hookjudge-e2e-"));
  const cwd = join(folder, "project");
  const configDir = join(folder, "config");
  mkdirSync(join(cwd, ".claude"), { recursive: true });
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(cwd, ".claude", "settings.json"), JSON.stringify({ hooks }, null, 2));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(cwd, path)), { recursive: true });
    writeFileSync(join(cwd, path), text);
  }
  return { cwd, configDir };
}

/** A command hook entry that runs the built CLI with `args`. */
export const command = (args: string) => ({ type: "command", command: `node ${CLI} ${args}`, timeout: 60 });

/** A recorded request, as the model server keeps it. */
export interface RecordedRequest {
  body: { messages?: Array<{ role: string; content: unknown }> };
}

/** The whole request body as text, to search in. */
export const everything = (request: { body: unknown }) => JSON.stringify(request.body);

/** The last message of a request: after a Stop block, the host's feedback from that block. */
export const lastMessage = (request: RecordedRequest) => JSON.stringify(request.body.messages?.at(-1) ?? null);

/** The tool results a request carries back to the model, as text. */
export function toolResults(request: RecordedRequest): Array<{ text: string; isError: boolean }> {
  const results: Array<{ text: string; isError: boolean }> = [];
  for (const message of request.body.messages ?? []) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as Array<{ type?: string; content?: unknown; is_error?: boolean }>) {
      if (block.type !== "tool_result") continue;
      const text = typeof block.content === "string" ? block.content : Array.isArray(block.content) ? block.content.map((part: { text?: string }) => part.text ?? "").join("") : "";
      results.push({ text, isError: block.is_error === true });
    }
  }
  return results;
}

/** The hook attachments that Claude Code recorded in a session's transcript under its config folder. */
export function hookAttachments<T extends { type?: string }>(configDir: string, session: string): T[] {
  const projects = join(configDir, "projects");
  const file = readdirSync(projects)
    .map((folder) => join(projects, folder, `${session}.jsonl`))
    .find((path) => existsSync(path));
  if (!file) throw new Error(`no transcript of session ${session} under ${projects}`);
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { attachment?: T })
    .flatMap((entry) => (entry.attachment?.type?.startsWith("hook_") ? [entry.attachment] : []));
}

/** The Claude Code binary and the loopback model a test file drives, set up once per file. */
export interface Host {
  claude: string;
  model: Awaited<ReturnType<typeof startModelServer>>;
}

/** Install (or find) Claude Code and start the model server for this file; each test starts from a fresh script. */
export function useHost(): Host {
  const host = {} as Host;
  beforeAll(async () => {
    host.claude = ensureClaude();
    host.model = await startModelServer();
  });
  afterAll(() => host.model?.close());
  beforeEach(() => host.model.reset());
  return host;
}
