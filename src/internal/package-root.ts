import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cachedRoot: string | undefined;

/** The installed package's root folder (it holds `package.json` and `prompts/`). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(folder, "package.json")) && existsSync(join(folder, "prompts"))) {
      return (cachedRoot = folder);
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error("hookjudge: cannot find its package folder (package.json beside prompts/)");
    folder = parent;
  }
}

/** The package version, from its `package.json`. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version?: string };
  return manifest.version ?? "0.0.0";
}
