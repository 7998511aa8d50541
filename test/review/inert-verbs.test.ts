import { describe, expect, it } from "vitest";
import { analyzeCommandLine } from "../../src/shell/analyze.js";
import { applyRules } from "../../src/review/rules.js";

const project = "/home/user/project";
const verdict = (line: string) => applyRules(analyzeCommandLine(line), {}, { cwd: project, projectDir: project, home: "/home/user" }).verdict;
const allowed = (lines: string[]) => expect(lines.filter((line) => verdict(line) !== "allow")).toEqual([]);
const notAllowed = (lines: string[]) => expect(lines.filter((line) => verdict(line) === "allow")).toEqual([]);

describe("read verbs of subcommand tools", () => {
  it("allows more read verbs of gh, docker, kubectl, helm, gcloud, az, npm, pip, brew and auth0", () => {
    allowed([
      "gh config get editor", "gh ssh-key list", "gh cs list", "gh project item-list 3 --owner acme", "gh rs view 2", "gh variable get NAME",
      "gh api /repos/acme/tool/pulls", "gh api -X GET search/issues -f q=label:bug", "gh api graphql -f query='query { viewer { login } }'",
      "docker container diff web", "docker compose -f compose.yml -p shop ps", "docker compose logs -f", "docker trust inspect alpine",
      "kubectl plugin list", "kubectl completion zsh", "kubectl diff -f k8s/deploy.yaml",
      "helm inspect values repo/chart", "helm dep ls ./chart", "helm template web ./chart -f values.yaml",
      "gcloud storage objects list gs://bucket-a", "gcloud logging read severity>=WARNING", "gcloud config get compute/region",
      "az monitor metrics list --resource /subscriptions/0000/resourceGroups/g/providers/p/r", "az container logs -n web -g group",
      "npm whoami", "npm config ls", "npm sbom", "pip inspect", "pip hash dist/tool.whl", "brew --repo", "brew dr",
      "auth0 logs tail", "auth0 roles permissions list rol_1", "auth0 api clients", "auth0 -t tenant apps list",
      "ip neighbor", "ip -6 netconf show dev lo", "ip stats show", "ip -h link",
    ]);
  });

  it("refuses the same tools' writes, code, endpoints and secrets", () => {
    notAllowed([
      "gh api -X POST repos/acme/tool/issues -f title=x", "gh api repos/acme/tool/issues -f title=x", "gh api --method=DELETE repos/acme/tool",
      "gh api graphql -f query='mutation { addStar(input: {}) { clientMutationId } }'", "gh api --input body.json repos/acme/tool/issues",
      "gh config get oauth_token",
      "docker compose --project-directory /srv ps", "docker --config ./cfg ps", "docker compose up",
      "kubectl --kubeconfig ./k.yaml get pods", "kubectl get secret,configmap -o yaml", "kubectl config view --raw", "kubectl kustomize ./o --enable-exec",
      "helm template web ./chart --post-renderer ./render.sh", "helm get values web", "helm get manifest web",
      "gcloud container clusters get-credentials c1", "gcloud storage objects list https://example.com/x",
      "az aks get-credentials -n c -g g", "az storage account keys list -n acct", "az redis list-keys -n r -g g", "az account get-access-token",
      "npm audit fix", "npm audit --json fix", "npm version patch", "npm version --no-git-tag-version patch", "npm run --silent deploy",
      "brew analytics off", "auth0 api post clients", "auth0 api clients -d '{}'",
      "ip link set eth0 mtu 9000", "ip netns exec ns ls", "ip route replace default via 10.0.0.1", "ip neigh change 10.0.0.1 lladdr 0:1:2:3:4:5 dev eth0",
    ]);
  });
});

describe("more read verbs and their write forms", () => {
  it("allows aws resource names, flag globals, ruff and packer checks, journalctl and dmesg filters", () => {
    allowed([
      "aws --no-cli-pager ec2 describe-instances", "aws s3 ls s3://bucket-a/logs/", "aws logs describe-log-groups --log-group-name-prefix /aws/lambda", "aws --output=json sts get-caller-identity",
      "ruff check --select E501", "ruff format --check", "ruff rule E501", "packer validate build.pkr.hcl", "packer fmt -check .", "cargo fmt --check", "cargo fmt -- --check",
      "journalctl -u web -f -n 20", "journalctl --output=json", "dmesg -x", "docker -c remote images", "brew search /^py/", "npm run", "pip version",
      "echo $(whoami)", "ls $(pwd)", "echo `date`",
    ]);
  });

  it("refuses their writing, fixing and secret forms", () => {
    notAllowed([
      "aws --endpoint-url http://localhost:4566 s3 ls", "aws s3 ls https://example.com/x", "aws sqs receive-message --queue-url https://sqs.example.com/q", "aws ecr get-authorization-token",
      "ruff check --fix", "ruff check --fix-only", "ruff check --unsafe-fixes --fix", "ruff format", "ruff check --add-noqa", "packer fmt .", "packer build x.pkr.hcl", "cargo fmt", "cargo fmt --all",
      "dmesg -n 1", "dmesg -c", "journalctl --vacuum-size=1M", "journalctl --rotate", "docker --config ./cfg images", "docker compose --output out build",
      "npm run deploy", "npm run --list deploy", "go env -w GOFLAGS=-mod=mod", "go env -u GOPROXY", "journalctl --cursor-file=pos", "yarn config get npmAuthToken", "npm config get //registry.npmjs.org/:_authToken", "terraform console", "packer console", "launchctl getenv TOKEN", "auth0 apps show app_1 --reveal-secrets", "gcloud container clusters --zone z get-credentials c", "helm get -n ns values web", "gh config get -h github.com oauth_token", "brew analytics --verbose off", "echo $HOME", "echo \"$TOKEN\"", "cat $(ls)", "ls $HOME/.ssh", "test $(cat n) -eq 1",
    ]);
  });
});
