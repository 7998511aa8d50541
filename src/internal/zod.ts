import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

// zod/mini ships without messages; load the English ones once (a few KB, unlike full zod).
// Importers use `import * as z from "…/internal/zod.js"`, so the bundler keeps only what they use.
config(en());

export * from "zod/mini";
