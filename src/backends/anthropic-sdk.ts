// The part of @anthropic-ai/sdk the backend uses: the base client and the Messages resource.
// Importing these instead of the full client keeps the loaded SDK to about a fifth of its size.
export { BaseAnthropic } from "@anthropic-ai/sdk/client";
export { Messages } from "@anthropic-ai/sdk/resources/messages/messages";
