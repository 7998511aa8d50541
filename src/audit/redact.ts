/** A key (or a part of one, between `-`, `_` or `.`) that names a secret. */
const SECRET_KEY = /(^|[-_.])(api[-_]?key|apikey|token|access[-_]?token|refresh[-_]?token|auth[-_]?token|secret|client[-_]?secret|password|passwd|pwd|pass|passphrase|authorization|auth|credentials?|private[-_]?key|access[-_]?key|secret[-_]?key|session[-_]?key|cookie|x[-_]api[-_]key)($|[-_.])/i;
const SECRET_NAME = "(?:[A-Za-z0-9_.-]*(?:key|token|secret|passw(?:or)?d|pwd|pass|auth|credential)[A-Za-z0-9_.-]*)";
const SECRET_TEXT: Array<[RegExp, string]> = [
  // private keys, with or without their END line
  [/-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|$)/g, "[redacted private key]"],
  // well-known token formats
  [/\b(sk-(?:ant-)?[A-Za-z0-9_-]{12,}|[sr]k_(?:live|test)_[A-Za-z0-9]{8,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|(?:AKIA|ASIA)[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,}|glpat-[A-Za-z0-9_-]{16,}|npm_[A-Za-z0-9]{30,}|hf_[A-Za-z0-9]{20,}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g, "[redacted]"],
  [/https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g, "https://hooks.slack.com/services/[redacted]"],
  // header lines and auth schemes
  [/\b(authorization|proxy-authorization|cookie|set-cookie|x-[\w-]*(?:key|token|secret|auth)[\w-]*)(\s*[:=]\s*)[^\r\n'"]+/gi, "$1$2[redacted]"],
  [/\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [redacted]"],
  // command-line credentials
  [/(\s-u\s*|\s--user[=\s])(['"]?)[^\s'":]+:[^\s'"]+\2/g, "$1$2[redacted]$2"],
  [/(--?(?:password|passwd|pass|token|secret|api-key|apikey)[=\s])(['"]?)[^\s'"]+\2/gi, "$1$2[redacted]$2"],
  // NAME=value, name: value, "name": "value" (env files, YAML, JSON inside strings), query strings
  [new RegExp(`(["']?\\b${SECRET_NAME}["']?\\s*[:=]\\s*)("[^"]*"|'[^']*'|[^\\s,;&'"}]+)`, "gi"), "$1[redacted]"],
  // passwords in URLs, even with an empty user or an @ inside
  [/(\/\/[^/\s@:]*):[^\s]*@(?=[^\s@]*(?:[/\s?#]|$))/g, "$1:[redacted]@"],
];

/**
 * A copy of a hook input fit to keep on disk: everything under a secret-looking key is replaced
 * (children included, numbers too), and keys, tokens, private keys, credentials in headers,
 * command lines, `NAME=value` pairs and URLs are masked in every string.
 */
export function redactSecrets<T>(value: T): T {
  return redactValue(value, false) as T;
}

function redactValue(value: unknown, secret: boolean): unknown {
  if (secret && value !== null && value !== "" && (typeof value === "string" || typeof value === "number")) return "[redacted]";
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secret));
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    // {name: "API_KEY", value: "…"} pairs
    const namedSecret = typeof record["name"] === "string" && SECRET_KEY.test(record["name"]);
    return Object.fromEntries(Object.entries(record).map(([name, item]) => [name, redactValue(item, secret || SECRET_KEY.test(name) || (namedSecret && name === "value"))]));
  }
  return value;
}

/** Mask secrets inside a text. */
export function redactText(text: string): string {
  return SECRET_TEXT.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}
