import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// zod/mini ships without messages; load the English ones once (a few KB, unlike full zod)
z.config(en());

export { z };
