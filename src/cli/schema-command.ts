import { parseCommandArgs } from "./args.js";
import { UsageError, type CliIo } from "./io.js";
import { FLAGS } from "./flags.js";

/** `hookjudge schema`: the JSON Schema of a hook file's front matter, for editors and CI. */
export async function schemaCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCommandArgs("schema", argv, FLAGS["schema"]);
  if (positionals.length > 0) throw new UsageError(`hookjudge schema takes no arguments, received ${JSON.stringify(positionals[0])}`);
  const { frontMatterJsonSchema } = await import("../hook/json-schema.js");
  io.stdout(JSON.stringify(frontMatterJsonSchema(), null, 2) + "\n");
  return 0;
}
