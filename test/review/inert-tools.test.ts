import { describe, expect, it } from "vitest";
import { analyzeCommandLine } from "../../src/shell/analyze.js";
import { fzfBindInert } from "../../src/review/inert.js";
import { awkProgramProblem, sedScriptInert } from "../../src/review/inert-scripts.js";
import { applyRules } from "../../src/review/rules.js";

const project = "/home/user/project";
const verdict = (line: string) => applyRules(analyzeCommandLine(line), {}, { cwd: project, projectDir: project, home: "/home/user" }).verdict;
const allowed = (lines: string[]) => expect(lines.filter((line) => verdict(line) !== "allow")).toEqual([]);
const notAllowed = (lines: string[]) => expect(lines.filter((line) => verdict(line) === "allow")).toEqual([]);

describe("help and version queries", () => {
  it("allows each program's own spelling of help, and built-in subcommands' help", () => {
    allowed(["kubectl -h", "gh -h", "gh issue --help", "git log --help", "git -h", "brew install -h", "cargo test --help", "aws ec2 describe-instances help", "az network vnet --help", "terraform apply -help", "duckdb -version", "mysql -?", "unzip -hh", "gzip --help", "gcloud help compute disks"]);
  });

  it("refuses help-looking words where they mean something else, and plugins' help", () => {
    notAllowed(["unknown-tool -h", "gh myext --help", "kubectl myplugin --help", "cargo myplugin --help", "docker run alpine --help", "uv run script.py --help", "psql -h db.example.com", "codesign -s identity app.app", "npm exec tool --help"]);
  });
});

describe("archive, compression and encoding tools", () => {
  it("allows listing and testing archives and printing to standard output", () => {
    allowed(["tar -tf a.tar", "tar tvzf a.tgz", "tar --list --file=a.tar", "unzip -l a.zip", "unzip -Z -1 a.zip", "7z l a.7z", "7zz t a.7z", "gzip -dc a.gz", "gunzip -l a.gz", "zcat a.gz", "base64 -d notes.b64", "base64 -w 0 logo.png", "iconv -f latin1 -t utf-8 a.txt"]);
  });

  it("refuses extraction, creation, programs and remote archives", () => {
    notAllowed(["tar -xf a.tar", "tar -czf out.tgz src", "tar -tf a.tar --to-command=sh", "tar -tf a.tar -I zstd", "tar -tf backup:/a.tar", "tar -t --use-compress-program=sh -f a.tar", "unzip a.zip", "unzip -o a.zip", "7z x a.7z", "7z a out.7z src", "7z l a.7z -sdel", "gzip a.txt", "gunzip a.gz", "base64 -o out.txt -i in.txt", "iconv -o out.txt -f a -t b in.txt"]);
  });
});

describe("text tools with new options", () => {
  it("allows sort's merge and check modes, fzf's display options and listed bind actions", () => {
    allowed(["sort -m a.txt b.txt", "sort --check=quiet a.txt", "sort -o /dev/null a.txt", "fzf --tail=100", "fzf --multi=3 --gap", "fzf --bind=ctrl-a:select-all,ctrl-d:deselect-all", "fzf --bind=tab:toggle+down", "tee", "tee -a /dev/null", "test -f package.json", "[ -d src ]"]);
  });

  it("refuses sort -o FILE, fzf commands and history, tee to files, test subscripts", () => {
    notAllowed(["sort -o out.txt a.txt", "sort --output=out.txt a.txt", "fzf --bind='enter:execute(rm {})'", "fzf --bind=change:reload:ls", "fzf --history=h.txt", "fzf --preview='cat {}'", "tee out.txt", "tee -a notes.txt", "test -v 'a[$(id)]'"]);
    expect(fzfBindInert("enter:become(vim {})")).toBe(false);
    expect(fzfBindInert("ctrl-j:down,ctrl-k:up")).toBe(true);
  });

  it("reads sed scripts command by command", () => {
    for (const script of ["p", "1!G;h;$!d", ":a;N;$!ba;s/\\n/ /g", "y/abc/xyz/", "/start/,/end/p", "s|a|b|gw /dev/stdout", "2,+3d", "$a\\", "/x/{s/a/b/;p}"]) expect(sedScriptInert(script), script).toBe(true);
    for (const script of ["s/a/b/e", "s/a/b/w out.txt", "w out.txt", "r /etc/passwd", "R secrets.txt", "e id", "1e id", "s/a/b"]) expect(sedScriptInert(script), script).toBe(false);
    notAllowed(["sed -i s/a/b/ file.txt", "sed -f script.sed file.txt", "sed 's/x/y/w notes.txt' a.txt"]);
  });

  it("tells awk comparisons from redirections", () => {
    for (const program of ["NR > 1", "{ if ($1 > 10) print }", "{ print ($1 > 0 ? \"pos\" : \"neg\") }", "{ print > \"/dev/stderr\" }", "$1 ~ /a>b/ { print $2 }", "{ x = $1 / 2; print x }"]) expect(awkProgramProblem(program), program).toBeUndefined();
    for (const program of ["{ print > \"out.txt\" }", "{ print $1 > $2 }", "{ print | \"sh\" }", "{ printf \"%s\", $0 >> \"log\" }", "BEGIN { system(\"id\") }", "BEGIN { f = \"system\"; @f(\"id\") }", "BEGIN { ARGV[1] = \"/etc/shadow\"; ARGC = 2 } { print }", "{ \"date\" | getline d }"]) expect(awkProgramProblem(program), program).toBeDefined();
  });
});

describe("macOS inspection tools", () => {
  it("allows their read modes", () => {
    allowed(["codesign -dv App.app", "codesign -d --entitlements - App.app", "lipo -info lib.a", "plutil -p Info.plist", "sips -g pixelWidth logo.png", "textutil -convert txt -stdout notes.rtf", "mdimport -t notes.txt", "xattr -l a.txt", "sysctl -n hw.ncpu", "caffeinate -t 60"]);
  });

  it("refuses their writes", () => {
    notAllowed(["codesign -s Dev App.app", "codesign -d --entitlements ent.plist App.app", "lipo -create a b -output c", "plutil -convert json Info.plist", "sips -z 10 10 logo.png", "textutil -convert txt notes.rtf", "mdimport notes.txt", "xattr -w k v a.txt", "xattr -d k a.txt", "sysctl kern.maxfiles=1", "sysctl -w kern.maxfiles=1", "caffeinate make", "say -o out.aiff hi", "mktemp", "isort .", "black src"]);
  });
});

describe("wrappers", () => {
  it("allows shells run for inert -c code, metadata readers under xargs and find -exec", () => {
    allowed(["bash -c 'git status'", "sh -ec 'ls -la && pwd'", "bash -o pipefail -c 'git log | head'", "zsh -c 'ls -la'", "xargs ls -la", "xargs -0 stat", "xargs -I {} basename {}", "find . -name '*.ts' -exec wc -l {} +", "find . -type f -execdir md5sum {} \\;"]);
  });

  it("refuses shells with files or odd code, content readers and writers under xargs and find -exec", () => {
    notAllowed(["bash script.sh", "bash -c 'rm -rf build'", "bash --rcfile x -c ls", "bash -c 'ls' extra", "zsh -c 'ls *(e:rm:)'", "fish -c 'echo (id)'", "xargs cat", "xargs wc", "xargs grep secret", "xargs rm", "find . -exec rm {} \\;", "find . -name '*.ts' -exec sed -i s/a/b/ {} +"]);
  });
});

describe("git reads", () => {
  it("allows more read-only subcommands", () => {
    allowed(["git merge-base --is-ancestor main topic", "git fsck --full", "git notes list", "git archive --format=zip HEAD", "git apply --check fix.patch", "git bisect log", "git sparse-checkout list", "git bundle verify repo.bundle", "git lfs ls-files", "git hash-object README.md", "git symbolic-ref HEAD", "git rerere status", "git --paginate log"]);
  });

  it("refuses their writing forms", () => {
    notAllowed(["git archive -o out.zip HEAD", "git archive --remote=origin HEAD", "git apply fix.patch", "git apply --check --index fix.patch", "git hash-object -w README.md", "git symbolic-ref HEAD refs/heads/x", "git symbolic-ref -d HEAD", "git rerere", "git fsck --lost-found", "git bisect start", "git lfs pull", "git notes add -m x", "git bundle create repo.bundle HEAD"]);
  });
});

describe("wrappers the parser could misread", () => {
  it("refuses xargs options that would move the program, and every find -exec that is not inert", () => {
    notAllowed(["xargs --replace rm ls", "xargs -J % ls %", "xargs -I {} -R 5 ls {}", "xargs --process-slot-var ls rm", "find . -exec echo {} + -exec chmod 777 {} \\;", "find / -exec cat {} \\;", "find ../other -exec grep key {} +", "cd / && find . -exec cat {} \\;", "find . -exec ls {} \\; -exec cp {} /tmp \\;", "cd /tmp && git help log", "git help -w log", "git help --web log", "cd /tmp && git status --help"]);
    allowed(["xargs -0 -n 1 ls -la", "xargs --max-args=2 stat", "find . -name '*.md' -exec cat {} \\;", "find src -exec grep -n TODO {} +", "git help log"]);
  });

  it("reads yq expressions and the macOS archive probes", () => {
    allowed(["yq -o json deploy.yaml", "yq '.spec.replicas' deploy.yaml", "binhex probe a.hqx", "applesingle decode -c a.as", "ip netns identify 42"]);
    notAllowed(["yq -i '.a = 1' deploy.yaml", "yq 'load(\"other.yaml\")' a.yaml", "yq '.token = env(TOKEN)' a.yaml", "yq -s '.name' all.yaml", "binhex decode a.hqx", "ip netns exec ns ls", "ip netns add ns", "aws ec2 describe-instances --ca-bundle ./ca.pem"]);
  });
});

describe("wrappers named by a path and hidden variables", () => {
  it("refuses a wrapper that is a local script, however spelled, and a variable next to a substitution", () => {
    notAllowed(["./xargs ls", "\\xargs --replace rm ls", "x''args --replace rm ls", "$'\\x78args' --replace rm ls", "./timeout 5 ls", "bin/nice ls", "echo $(echo \"(\")$HOME)", "yarn version"]);
    allowed(["/usr/bin/xargs ls", "timeout 5 ls", "nice -n 5 ls"]);
  });
});

describe("listings and policy reads", () => {
  it("allows interface listings, ls replacements, locate and spctl assessments", () => {
    allowed(["ifconfig", "ifconfig -a", "eza --long --git", "exa -T -L 2", "locate -i readme", "spctl -a -t exec Tool.app", "mawk -W version", "defaults -currentHost read com.apple.dock", "pip3 inspect"]);
  });

  it("refuses interface changes and policy changes", () => {
    notAllowed(["ifconfig eth0 down", "ifconfig en0 mtu 1400", "spctl --master-disable", "spctl --add Tool.app", "defaults write com.apple.dock autohide -bool true", "defaults -currentHost write com.apple.dock x 1"]);
  });
});
