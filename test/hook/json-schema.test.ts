import { describe, expect, it } from "vitest";
import { frontMatterSchema } from "../../src/hook/definition.js";
import { frontMatterJsonSchema } from "../../src/hook/json-schema.js";

describe("the front matter's JSON Schema", () => {
  const schema = frontMatterJsonSchema() as { $schema: string; properties: Record<string, { description?: string; anyOf?: unknown[]; enum?: unknown[] }>; additionalProperties: boolean };

  it("has exactly the keys the loader accepts, each described, and no others", () => {
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(frontMatterSchema.def.shape).sort());
    for (const [key, property] of Object.entries(schema.properties)) expect(property.description, key).toMatch(/\w/);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("states the enums and bounds the loader checks", () => {
    expect(schema.properties["on-error"]!.enum).toEqual(["allow", "block", "ask"]);
    expect(schema.properties["votes"]).toMatchObject({ type: "integer", minimum: 1, maximum: 9 });
    expect(schema.properties["timeout"]).toMatchObject({ exclusiveMinimum: 0, maximum: 3600 });
  });

  it("takes events as one name or a list", () => {
    const [one, many] = schema.properties["events"]!.anyOf as Array<{ type: string; enum?: string[]; items?: { enum: string[] } }>;
    expect(one!.type).toBe("string");
    expect(one!.enum).toContain("Stop");
    expect(many!.type).toBe("array");
    expect(many!.items!.enum).toContain("PreToolUse");
  });
});
