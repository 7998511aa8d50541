import { toJSONSchema } from "zod/mini";
import { frontMatterSchema } from "./definition.js";

/**
 * The JSON Schema (draft 2020-12) of a hook file's front matter, made from the same zod schema
 * that `lint` and the loader use, so the two cannot drift. Checks that JSON Schema cannot state
 * (an odd `votes`) are left to `hookjudge lint`.
 */
export function frontMatterJsonSchema(): Record<string, unknown> {
  const schema = toJSONSchema(frontMatterSchema, { target: "draft-2020-12", unrepresentable: "any" }) as Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };
  // the loader takes a single event name as a list of one
  const { description, ...events } = schema.properties["events"]!;
  schema.properties["events"] = { description, anyOf: [events["items"], events] };
  return {
    $schema: schema["$schema"],
    $id: "https://hookjudge.dev/schema/front-matter.json",
    title: "hookjudge hook front matter",
    description: "The YAML front matter of a hookjudge hook file (a Markdown file whose body is the judging prompt). Run `hookjudge lint <file>` for the checks a schema cannot state.",
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== "$schema")),
  };
}
