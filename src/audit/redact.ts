const SECRET_KEY = /(api[-_]?key|token|secret|password|passwd|authorization|credential|private[-_]?key|access[-_]?key|session[-_]?key|cookie)/i;
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, "[redacted private key]"],
  [/\b(sk-(?:ant-)?[A-Za-z0-9_-]{12,}|sk_live_[A-Za-z0-9]{8,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,}|glpat-[A-Za-z0-9_-]{16,}|npm_[A-Za-z0-9]{30,})\b/g, "[redacted]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, "$1 [redacted]"],
  [/\b([A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD))\s*=\s*("[^"]*"|'[^']*'|[^\s'"]+)/g, "$1=[redacted]"],
  [/(\/\/[^/\s:@]+):[^@\s/]+@/g, "$1:[redacted]@"],
];

/**
 * A copy of a hook input fit to keep on disk: values under secret-looking keys are replaced, and
 * keys, tokens, private keys, `NAME_KEY=value` pairs and passwords in URLs are masked in every string.
 */
export function redactSecrets<T>(value: T): T {
  return redactValue(value, "") as T;
}

function redactValue(value: unknown, key: string): unknown {
  if (typeof value === "string") return SECRET_KEY.test(key) && value !== "" ? "[redacted]" : redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, key));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redactValue(item, name)]));
  }
  return value;
}

/** Mask secrets inside a text. */
export function redactText(text: string): string {
  return SECRET_TEXT.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}
