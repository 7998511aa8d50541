import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { removeTemporaryDirectories } from "./cli.js";

// tests write transcripts in temporary folders: the documented escape hatch lets them be read
process.env["HOOKJUDGE_TRANSCRIPT_ROOTS"] = [tmpdir(), realpathSync(tmpdir()), fileURLToPath(new URL("../../fixtures", import.meta.url))].join(":");

// registered before a test file's own hooks, so it runs after them: servers are stopped first
afterAll(removeTemporaryDirectories);
