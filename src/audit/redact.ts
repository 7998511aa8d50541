/** A key (or a part of one, between `-`, `_` or `.`) that names a secret. */
const SECRET_KEY = /(^|[-_.])(api[-_]?key|apikey|token|access[-_]?token|refresh[-_]?token|auth[-_]?token|secret|client[-_]?secret|password|passwd|pwd|pass|passphrase|authorization|auth|credentials?|private[-_]?key|access[-_]?key|secret[-_]?key|session[-_]?key|cookie|x[-_]api[-_]key)($|[-_.])/i;
const SECRET_NAME = "(?:[A-Za-z0-9_.-]*(?:key|token|secret|passw(?:or)?d|pwd|pass|auth|credential)[A-Za-z0-9_.-]*)";
const SECRET_TEXT: Array<[RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
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
  // --password=X, --password X, --password "X Y" (a following --flag is not its value: a prompt)
  [/(--?(?:password|passwd|pass|token|secret|api-key|apikey)(?:=|[ \t]+))(?!--)("[^"]*"|'[^']*'|[^\s'"]+)/gi, (_match, flag: string, value: string) => flag + masked(value)],
  // NAME=value, name: value, "name": "value" (env files, YAML, JSON inside strings), query strings
  [new RegExp(`(["']?\\b${SECRET_NAME}["']?\\s*[:=]\\s*)("[^"]*"|'[^']*'|[^\\s,;&'"}]+)`, "gi"), "$1[redacted]"],
  // passwords in URLs, even with an empty user or an @ inside
  [/(\/\/[^/\s@:]*):[^\s]*@(?=[^\s@]*(?:[/\s?#]|$))/g, "$1:***@"],
];

// the rest of one command: quoted strings whole, up to an unquoted `;`, `|`, `&` or new line
const COMMAND_REST = String.raw`(?:"[^"]*"|'[^']*'|[^\n;|&"'])*`;

/**
 * Programs whose short option takes a password: `mysql -pPASS` (attached only: `-p` alone, or
 * `-p db`, prompts), `redis-cli -a PASS`, `sshpass -p PASS`. Each applies from the program's name
 * to the end of its command (`;`, `|`, `&` or a new line).
 */
const PASSWORD_OPTIONS: Array<{ programs: RegExp; option: RegExp }> = [
  {
    programs: new RegExp(String.raw`\b(?:mysql(?:dump|admin|import|check|show|binlog|pump|sh)?|mariadb(?:-dump|-admin|-import|-check|-show|-binlog)?)\b${COMMAND_REST}`, "g"),
    option: /(\s-p)("[^"]*"|'[^']*'|[^\s'"]+)/g,
  },
  { programs: new RegExp(String.raw`\bredis-cli\b${COMMAND_REST}`, "g"), option: /(\s-a\s*)("[^"]*"|'[^']*'|[^\s'"]+)/g },
  { programs: new RegExp(String.raw`\bsshpass\b${COMMAND_REST}`, "g"), option: /(\s-p\s*)("[^"]*"|'[^']*'|[^\s'"]+)/g },
];

// a masked value keeps its quotes, so the command still reads as one
function masked(value: string): string {
  const quote = value[0] === '"' || value[0] === "'" ? value[0] : "";
  return `${quote}[redacted]${quote}`;
}

/**
 * A copy of a hook input fit to keep on disk: everything under a secret-looking key is replaced
 * (children included, numbers too), and keys, tokens, private keys, credentials in headers,
 * command lines (`--password X`, `mysql -pX`, `redis-cli -a X`, `curl -u user:X`), `NAME=value`
 * pairs and URLs (`https://user:***@host`) are masked in every string.
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
  let result = text;
  for (const { programs, option } of PASSWORD_OPTIONS) {
    result = result.replace(programs, (command) => command.replace(option, (_match, flag: string, value: string) => flag + masked(value)));
  }
  for (const [pattern, replacement] of SECRET_TEXT) {
    result = typeof replacement === "string" ? result.replace(pattern, replacement) : result.replace(pattern, replacement);
  }
  return result;
}
