import { afterAll } from "vitest";
import { removeTemporaryDirectories } from "./cli.js";

// registered before a test file's own hooks, so it runs after them: servers are stopped first
afterAll(removeTemporaryDirectories);
