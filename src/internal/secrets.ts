/**
 * The one list of secret-bearing paths: the verifier's tools refuse them, and the command gate can
 * reuse the same patterns for words in a command line.
 *
 * Decisions: `.env` and `.env.<anything>` are secret except the conventional committed templates
 * `.env.example`, `.env.sample`, `.env.template` and `.env.dist` (they document names, not values).
 * Matching is by file name and by folder, case-insensitive, on `/` or `\` separated paths.
 */

/** File names (one path segment, no folder) that hold secrets, as regular-expression sources. */
const SECRET_FILE_SOURCES = [
  String.raw`\.env`,
  String.raw`\.env\.(?!(?:example|sample|template|dist)$)[^/\\]+`,
  String.raw`\.envrc`,
  String.raw`id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?(?:\.pub)?`,
  String.raw`[^/\\]*\.(?:pem|key|p12|pfx|jks|keystore|asc|gpg|ppk)`,
  String.raw`\.netrc`,
  String.raw`_netrc`,
  String.raw`\.npmrc`,
  String.raw`\.yarnrc\.yml`,
  String.raw`\.pypirc`,
  String.raw`\.git-credentials`,
  String.raw`\.pgpass`,
  String.raw`\.my\.cnf`,
  String.raw`\.htpasswd`,
  String.raw`\.vault-token`,
  String.raw`[^/\\]*\.tfstate(?:\.backup)?`,
  String.raw`terraform\.tfvars(?:\.json)?`,
  String.raw`[^/\\]*\.auto\.tfvars(?:\.json)?`,
  String.raw`\.(?:bash|zsh|sh|python|psql|mysql|node_repl|sqlite|lesshst|rediscli)_?history`,
  String.raw`\.histfile`,
  String.raw`credentials(?:\.json|\.ya?ml)?`,
  String.raw`application_default_credentials\.json`,
  String.raw`secrets?(?:\.[^/\\]+)?`,
  String.raw`service[-_]account[^/\\]*`,
  String.raw`shadow`,
  String.raw`gshadow`,
  String.raw`environ`,
];

/** Folders whose whole content is secret (a path with one of these segments is secret). */
const SECRET_FOLDER_SOURCES = [String.raw`\.ssh`, String.raw`\.aws`, String.raw`\.azure`, String.raw`\.gnupg`, String.raw`\.docker`, String.raw`\.kube`, String.raw`\.git`];

/** Multi-segment paths that are secret wherever they sit (`.config/gh/hosts.yml`). */
const SECRET_TAIL_SOURCES = [
  String.raw`\.config[/\\]gcloud(?:[/\\][^/\\]+)*`,
  String.raw`\.config[/\\]gh[/\\]hosts\.ya?ml`,
  String.raw`\.kube[/\\]config`,
  String.raw`\.docker[/\\]config\.json`,
  String.raw`etc[/\\]g?shadow`,
  String.raw`proc[/\\][^/\\]+[/\\]environ`,
];

/**
 * One regular-expression source matching a secret path *segment sequence* ending a word: use it
 * inside a larger expression, e.g. `new RegExp(String.raw\`(?:^|[/\\s=:'"])(?:${SECRET_NAME_SOURCE})(?=$|[\\s'";|&)])\`, "i")`.
 * It has no anchors and no capturing groups.
 */
export const SECRET_NAME_SOURCE = [
  ...SECRET_TAIL_SOURCES,
  `(?:${SECRET_FOLDER_SOURCES.join("|")})(?:[/\\\\][^/\\\\]+)*`,
  ...SECRET_FILE_SOURCES,
].join("|");

const FILE = new RegExp(`^(?:${SECRET_FILE_SOURCES.join("|")})$`, "i");
const FOLDER = new RegExp(`^(?:${SECRET_FOLDER_SOURCES.join("|")})$`, "i");
const TAIL = new RegExp(`(?:^|[/\\\\])(?:${SECRET_TAIL_SOURCES.join("|")})$`, "i");

/**
 * True when a path (absolute or relative) names a file that may hold secrets: by its file name,
 * by a credentials folder anywhere in it, or by a known multi-part location. Case-insensitive.
 */
export function isSecretPath(path: string): boolean {
  const parts = path.split(/[/\\]+/).filter((part) => part !== "" && part !== ".");
  if (parts.length === 0) return false;
  if (parts.some((part) => FOLDER.test(part))) return true;
  if (FILE.test(parts.at(-1)!)) return true;
  return TAIL.test(parts.join("/"));
}

/**
 * Globs (for ripgrep `--iglob !…`) covering the same names: a first filter only; every result is
 * checked again with {@link isSecretPath}.
 */
export const SECRET_GLOBS = [
  ".env", ".env.*", ".envrc", "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*", "*.pem", "*.key", "*.p12", "*.pfx", "*.jks",
  "*.keystore", "*.asc", "*.gpg", "*.ppk", ".netrc", ".npmrc", ".yarnrc.yml", ".pypirc", ".git-credentials", ".pgpass", ".my.cnf",
  ".htpasswd", ".vault-token", "*.tfstate", "*.tfstate.backup", "terraform.tfvars", "terraform.tfvars.json", "*.auto.tfvars",
  "*_history", ".histfile", "credentials", "credentials.*", "application_default_credentials.json", "secret", "secrets", "secret.*",
  "secrets.*", "service-account*", "service_account*", ".ssh", ".aws", ".azure", ".gnupg", ".docker", ".kube", ".git", "gcloud",
];
