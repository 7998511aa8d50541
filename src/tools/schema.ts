import * as z from "../internal/zod.js";

/**
 * Turn a zod schema into what a tool needs: a JSON Schema for the model and a parser whose
 * failure message says which field is wrong. One schema per tool, so they cannot drift.
 */
export function toolSchema<T extends z.ZodMiniType>(schema: T): {
  inputSchema: Record<string, unknown>;
  parse(input: unknown): { ok: true; value: z.infer<T> } | { ok: false; message: string };
} {
  const { $schema: _ignored, ...inputSchema } = z.toJSONSchema(schema) as Record<string, unknown>;
  return {
    inputSchema,
    parse(input) {
      const parsed = schema.safeParse(input);
      if (parsed.success) return { ok: true, value: parsed.data as z.infer<T> };
      const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "input"}: ${issue.message}`);
      return { ok: false, message: `invalid input: ${problems.join("; ")}` };
    },
  };
}
