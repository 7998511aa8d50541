import { describe, expect, it } from "vitest";
import { analyzeCommandLine } from "../../src/shell/analyze.js";
import { applyRules } from "../../src/review/rules.js";

const context = { cwd: "/home/dev/app", projectDir: "/home/dev/app" };
const verdict = (command: string) => applyRules(analyzeCommandLine(command), {}, context).verdict;

describe("read-only queries allowed by their read verbs", () => {
  it.each([
    "tmutil machinedirectory", "tmutil isexcluded /Users/dev/app/build", "tmutil destinationinfo -X",
    "dscl . -list /Users UniqueID", "dscl localhost -read /Users/dev RealName", "dscl -plist . readall /Groups",
    "networksetup -listallnetworkservices", "networksetup -showpppoestatus VPN1", "scutil -w State:/Network/Interface/en0/Link -t 3",
    "ifconfig", "ifconfig wlan0", "ifconfig -l",
    "docker service logs -f api", "docker stack services web", "docker buildx imagetools inspect alpine:3",
    "docker-compose config", "helm plugin verify ./plugins/diff", "npm owner ls left-pad", "npm dist-tag ls left-pad",
    "openssl x509 -in chain.pem -noout -issuer -enddate", "jq -r '.private_key_id' meta.json",
  ])("allows %s", (command) => expect(verdict(command)).toBe("allow"));

  it.each([
    "dscl . -read /Users/dev AuthenticationAuthority", "dscl . -read /Users/dev ShadowHashData", "dscl . -append /Groups/admin GroupMembership eve",
    "networksetup -getinfo Wi-Fi -setmanual Wi-Fi 10.0.0.2 255.0.0.0 10.0.0.1", "ifconfig wlan0 up", "ifconfig wlan0 inet 10.0.0.5",
    "tmutil startbackup", "tmutil setdestination /Volumes/x", "docker buildx imagetools create -t a b", "npm owner rm bob left-pad",
    "openssl x509 -in chain.pem -noout -text -out copy.txt", "openssl pkey -in tls.key -text", "jq . tls.key",
    "env -u PATH", "env -0", "env LANG=C",
  ])("does not allow %s", (command) => expect(verdict(command)).not.toBe("allow"));
});
