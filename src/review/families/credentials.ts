// The names of credential files, as words of a command line, and the globs that could reach them.
import { SECRET_NAME_SOURCE } from "../../internal/secrets.js";
import { globToRegExp } from "../paths.js";

const END = "(?=$|[\\s)'\"`;|&,])";
/** Names and folders of credential files: keys, tokens, cloud logins, shell histories. */
const GATE_CREDENTIALS = new RegExp(
  `(^|[\\s=@:'"<(/])(?:\\.ssh(?:\\/|${END})|\\.aws(?:\\/|${END})|\\.azure(?:\\/|${END})|\\.config\\/gcloud|application_default_credentials\\.json|\\.env(?:\\.(?!example|sample|template|dist)[\\w.-]+)?${END}|\\.envrc${END}|id_(?:rsa|dsa|ecdsa|ed25519)|[\\w.-]+\\.(?:pem|key|p12|pfx|jks|keystore|tfstate(?:\\.backup)?|tfvars|kdbx|ovpn)${END}|\\.netrc|\\.npmrc|\\.yarnrc\\.yml|\\.pypirc|\\.pgpass|\\.my\\.cnf|\\.git-credentials|\\.vault-token|credentials(?:\\.json|\\.ya?ml)?${END}|secrets?\\.(?:json|ya?ml|toml)${END}|\\.kube\\/config|\\.docker\\/config\\.json|\\/etc\\/shadow|\\/etc\\/gshadow|\\.gnupg|\\.password-store|\\.config\\/gh\\/|\\.(?:bash|zsh|python|psql|mysql|node_repl|sqlite|irb|lesshst)_?history|\\/proc\\/[^/\\s]+\\/environ|keychain|\\.claude\\.json|\\.claude\\/\\.credentials|\\.boto${END}|admin\\.conf${END}|credentials\\.toml|auth\\.toml|auth\\.json${END}|glab-cli\\/config|\\.terraformrc|credentials\\.tfrc\\.json|\\.m2\\/settings\\.xml|gradle\\.properties|\\.config\\/hub${END}|\\.gem\\/credentials|\\.composer\\/auth|\\.config\\/op\\/|\\.authinfo|htpasswd|\\.s3cfg|\\.passwd-s3fs|\\.dockercfg|\\.config\\/rclone|\\.wrangler|\\.netlify\\/|\\.vercel\\/|\\.config\\/doctl|\\.oci\\/|\\.bluemix|\\.databrickscfg|\\.snowsql|\\.pulumi\\/credentials)`,
  "i",
);
// the verifier sandbox's list (src/internal/secrets.ts), as words of a command line; `.git` is a
// secret folder for the sandbox (tokens in remotes) but the gate has its own rules for it
// and bare words such as `secret` or `service-account` name files there but cloud resources in a
// command line (`aws secretsmanager … --secret-id my/secret`): the gate takes them with a file extension
const SHARED_CREDENTIALS = new RegExp(
  `(?:^|[\\s=@:'"<(/])(?:${SECRET_NAME_SOURCE.replace("|\\.git)", ")").replace("secrets?(?:\\.[^/\\\\]+)?", "secrets?\\.(?:json|ya?ml|toml|env|txt|ini|properties)").replace("service[-_]account[^/\\\\]*", "service[-_]account[^/\\\\\\s]*\\.json")})(?=$|[\\s)'"\`;|&,])`,
  "i",
);
/** Names and folders of credential files: the sandbox's list, and the gate's additions (cloud CLIs' logins, registries, keychains). */
export const CREDENTIALS = { test: (text: string): boolean => MAYBE_CREDENTIAL.test(text) && (GATE_CREDENTIALS.test(text) || SHARED_CREDENTIALS.test(text)) };
// every name in both lists has one of these: most words skip the two large expressions (which V8
// compiles on first use, milliseconds of a hook process's start-up)
const MAYBE_CREDENTIAL = /[._]|credential|secret|shadow|environ|keychain|passw|service-?account/i;
/** Base names a glob is tried against: a glob that could match one of these could read a secret. */
export const SECRET_SAMPLES = [".env", ".env.local", ".envrc", "id_rsa", "id_ed25519", "server.key", "cert.pem", "credentials", "credentials.json", "secrets.json", "secrets.yaml", "terraform.tfstate", "prod.tfvars", ".netrc", ".npmrc", ".pgpass", ".git-credentials", ".bash_history", ".zsh_history", ".ssh", ".aws", ".gnupg", "environ", "shadow", "keystore.jks", ".vault-token", ".my.cnf"];

/** A glob some segment of which could expand to a credential's name (`.en?`, `.ss[h]`, `*.pem`, `id_*`). */
export function globCouldMatchSecret(glob: string): boolean {
  return glob.split("/").some((segment) => {
    if (!/[*?[]/.test(segment)) return false;
    const pattern = globToRegExp(segment);
    const prefix = segment.slice(0, segment.search(/[*?[]/)).toLowerCase();
    return SECRET_SAMPLES.some((sample) => pattern.test(sample) || (prefix.length >= 2 && sample.startsWith(prefix)));
  });
}

/** Names of environment variables that hold secrets. */
export const SECRET_VARIABLE = /^[A-Z0-9_]*(SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|AUTH)[A-Z0-9_]*$/;
