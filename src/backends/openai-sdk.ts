// The OpenAI client, imported only by the OpenAI-compatible backend's first call. The CLI build
// bundles it into a chunk of its own (dist/bundle/openai.cjs); the library imports the optional
// peer `openai`.
export { OpenAI } from "openai";
