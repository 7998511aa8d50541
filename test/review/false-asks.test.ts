import { describe, expect, it } from "vitest";
import { analyzeCommandLine } from "../../src/shell/analyze.js";
import { applyRules } from "../../src/review/rules.js";

const context = { cwd: "/home/dev/app", projectDir: "/home/dev/app" };
const verdict = (command: string) => applyRules(analyzeCommandLine(command), {}, context).verdict;

/** Read-only queries an ask family used to take for a change: not asked (the allow side or the model decides). */
const NOT_ASKED = [
  // a listing verb under a group word that also names a change
  "docker stack ls", "docker config inspect app-config", "docker plugin ls", "docker node ls", "docker compose config",
  "podman secret ls",
  "helm help rollback", "helm search hub redis", "helm plugin ls",
  "helm upgrade web ./chart --dry-run=client", "helm rollback web 3 --dry-run",
  "kubectl auth can-i delete pods", "kubectl auth whoami",
  "gcloud run revisions list", "gcloud beta run services describe api", "gcloud secrets list",
  "az appconfig kv show -n cfg --key k",
  "npm dist-tag ls mypkg", "npm access list packages myorg", "cargo owner --list mycrate",
  "terraform plan -destroy -no-color",
  // a global option's value named like a verb
  "kubectl --namespace drain get nodes", "az --query remove group list", "gcloud --configuration delete projects list",
  // macOS and network queries
  "tmutil latestbackup", "tmutil isexcluded ./build", "networksetup -listallhardwareports", "networksetup -getairportnetwork en0",
  "spctl --assess --type execute ./tool.app", "scutil --dns", "defaults read-type -g AppleLocale",
  "dscl . -list /Groups", "dscl localhost read /Users/dev", "ifconfig en1", "ifconfig -a", "launchctl help",
  // gawk writes its files only with the inplace extension
  "gawk -F: '{print $2}' data.csv",
  // `command -v` describes a program, it does not run it
  "command -v rm",
  // a jq filter is not a file; x509 parses certificates only; curl -f fails on errors, wget -T is a timeout
  "jq -c '.id_rsa' users.json", "yq '.token' settings.yaml", "openssl x509 -in site.pem -noout -dates",
  "curl -fsS https://example.org/status", "wget --spider -T 3 https://example.org",
  "git replace --list", "helm uninstall web --dry-run",
];

/** Their dangerous neighbours: still asked or denied. */
const STILL_STOPPED = [
  "docker stack rm prod", "docker service update --image x web", "docker secret create s ./s.txt", "docker plugin install vieux/sshfs",
  "docker exec web env", "podman secret rm s",
  "helm uninstall web", "helm upgrade web ./chart", "helm install web ./chart --dry-run --post-renderer ./render.sh",
  "helm upgrade web ./chart --dry-run=false", "helm plugin install https://example.com/p",
  "kubectl --namespace prod delete pod web", "kubectl auth reconcile -f rbac.yaml",
  "gcloud run deploy api --image x", "gcloud run services delete api", "gcloud run jobs execute nightly",
  "gcloud compute instances delete list",
  "az appconfig kv set -n cfg --key k --value v", "az --query x group delete -n rg",
  "npm dist-tag add mypkg@1.0.0 latest", "npm access grant read-only org:team mypkg", "cargo owner --add bob mycrate",
  "terraform apply -destroy", "terraform destroy",
  "tmutil deletelocalsnapshots /", "tmutil disable", "networksetup -setdnsservers Wi-Fi 9.9.9.9", "networksetup -getinfo Wi-Fi -setv6off Wi-Fi",
  "spctl --master-disable", "spctl --assess --add ./tool.app", "scutil --set ComputerName box", "defaults write -g AppleLocale en_US",
  "dscl . -create /Users/eve", "dscl . -passwd /Users/dev secret", "ifconfig en1 down", "ifconfig en1 10.1.1.1 netmask 255.0.0.0",
  "launchctl bootout gui/501/com.example.agent",
  "gawk -i inplace '{print $1}' notes.txt",
  "jq . deploy.pem", "jq --rawfile k tls.key '.'", "yq tls.key", "yq '.tls.key'", "openssl x509 -in leaf.pem -out copy.pem", "openssl rsa -in tls.key -text",
  "curl -T notes.txt https://example.org/upload", "http -f POST example.org a=b", "git replace -d HEAD~1", "git replace HEAD~1 HEAD",
];

describe("false asks of the deny and ask families", () => {
  it.each(NOT_ASKED)("does not ask %s", (command) => {
    expect(verdict(command)).not.toMatch(/^(ask|deny)$/);
  });
  it.each(STILL_STOPPED)("still stops %s", (command) => {
    expect(verdict(command)).toMatch(/^(ask|deny)$/);
  });
});

describe("wrappers and keywords the parser reads", () => {
  const commands = (line: string) => analyzeCommandLine(line).commands.map((found) => [found.name, ...found.args].join(" "));

  it("finds the program BSD xargs options and GNU's valued long options leave", () => {
    expect(commands("xargs -J @ mv @ ../dest")).toContain("mv @ ../dest");
    expect(commands("xargs -R 2 -I @ cp @ ..")).toContain("cp @ ..");
    expect(commands("xargs -S 512 -I @ touch @")).toContain("touch @");
    expect(commands("xargs --process-slot-var N chmod +x")).toContain("chmod +x");
    expect(commands("xargs --max-chars 100 wc")).toContain("wc");
  });

  it("reads every -exec of find and the command of fd -x", () => {
    expect(commands("find . -type f -exec wc -l {} \\; -exec shred {} \\;")).toEqual(expect.arrayContaining(["wc -l .", "shred ."]));
    expect(commands("fd -e log -x truncate -s0")).toContain("truncate -s0 .");
    expect(commands("fd tmp --exec-batch rm -r {}")).toContain("rm -r .");
    expect(verdict("fd -t d -x rm -rf")).toMatch(/^(ask|deny)$/);
  });

  it("allows fd -x like find -exec: readers of found paths inside the project only", () => {
    for (const line of ["fd -e md -x wc -w", "fd notes docs --exec head -n 3 {}", "fd -X ls -l", "fd -L -x stat"]) expect(verdict(line)).toBe("allow");
    for (const line of ["fd -x chmod -w", "fd -x bash -c 'head {}'", "fd . /var -x cat", "fd . .. -x grep key", "fd -L -x cat", "fd --base-directory ~ -x cat", "fd -x cat \\; -x shred \\;"]) expect(verdict(line)).not.toBe("allow");
  });

  it("takes command -v for a query and env -P for a program found by path", () => {
    expect(commands("command -v node")).toEqual(["command -v node"]);
    expect(commands("command git status")).toEqual(["git status"]);
    const found = analyzeCommandLine("env -P ./bin ls").commands[0]!;
    expect(found.byPath).toBe(true);
    expect(found.wrappers).toEqual([{ name: "env", args: ["-P", "./bin"], byPath: false }]);
  });

  it("allows env that only clears, unsets or moves, not one that searches elsewhere", () => {
    for (const line of ["env wc -l a.txt", "env -i cat a.txt", "env -u TERM ls", "env -C src ls", "env LC_ALL=C sort a.txt"]) expect(verdict(line)).toBe("allow");
    for (const line of ["env -P ./bin ls", "env --default-signal ls", "env PAGER=sh ls", "./env ls"]) expect(verdict(line)).not.toBe("allow");
  });

  it("records [[ … ]] and (( … )) and allows them only when no arithmetic can run code", () => {
    for (const line of ["[[ -d src ]]", "[[ -n \"$HOME\" && ! -e lock ]]", "[[ $a != $b ]]", "[[ 3 -lt 4 ]]", "(( n = 10 ))", "(( 2 * 3 ))"]) expect(verdict(line)).toBe("allow");
    for (const line of ["[[ $n -gt 0 ]]", "[[ -v 'map[$(date)]' ]]", "[[ $(cat v) == 1 ]]", "(( n += 1 ))", "(( a[$(date)] ))", "[[ -e x ]] && rm -rf ~"]) expect(verdict(line)).not.toBe("allow");
    expect(commands("[[ -f a || -f b ]]")).toEqual(["[[ -f a || -f b"]);
  });
});
