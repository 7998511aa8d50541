import { afterAll, beforeAll, beforeEach } from "vitest";
import { fixtureInput, fixturePath, runCli, stateFolder, temporaryDirectory, type CliResult } from "./cli.js";
import { startFakeModel, type FakeModel } from "./fake-model.js";

/** What a CLI test file shares: the fake model, and a fresh state folder and project per test. */
export interface CliSuite {
  readonly fake: FakeModel;
  readonly home: string;
  readonly project: string;
  /** The project's state folder under `home` (audit log, block counters, caches). */
  readonly state: string;
  /** The child's environment: a test key, the fake's URL, the state folder, and `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** A fixture event in the test's project, with the session transcript, patched. */
  input(name: string, patch?: Record<string, unknown>): string;
  /** `hookjudge …args` with a fixture event on stdin. */
  run(args: string[], name: string, options?: { patch?: Record<string, unknown>; env?: Record<string, string> }): Promise<CliResult>;
}

/** Set up the fake model for the file and a clean state folder and project for each test. */
export function useCliSuite(): CliSuite {
  let fake: FakeModel | undefined;
  let home = "";
  let project = "";
  beforeAll(async () => {
    fake = await startFakeModel();
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    fake!.reset();
    home = temporaryDirectory();
    project = temporaryDirectory();
  });
  const suite: CliSuite = {
    get fake() {
      return fake!;
    },
    get home() {
      return home;
    },
    get project() {
      return project;
    },
    get state() {
      return stateFolder(project, { HOOKJUDGE_HOME: home });
    },
    env: (extra = {}) => ({ ANTHROPIC_API_KEY: "test", ANTHROPIC_BASE_URL: fake!.url, HOOKJUDGE_HOME: home, ...extra }),
    input: (name, patch = {}) =>
      JSON.stringify({ ...fixtureInput(name, { cwd: project, transcript: fixturePath("transcripts", "session.jsonl") }), ...patch }),
    run: (args, name, options = {}) => runCli(args, { input: suite.input(name, options.patch), env: suite.env(options.env) }),
  };
  return suite;
}
