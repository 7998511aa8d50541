// git: shared history rewritten (deny), local work discarded (ask).
import type { RuleFamily } from "./types.js";
import { gitWords } from "./words.js";

/** git settings that name a program to run, or redirect where git connects. */
export const GIT_CODE_KEYS = /^(core\.(fsmonitor|pager|editor|sshcommand|hookspath|gitproxy|askpass|worktree|attributesfile|excludesfile)|diff\..*\.(textconv|command)|diff\.external|filter\..*|merge\..*\.driver|alias\..*|credential\..*|include\..*|includeif\..*|sequence\.editor|gpg\..*program|uploadpack\..*|receive\..*|pager\..*|web\.browser|browser\..*|man\..*|remote\..*\.(uploadpack|receivepack|proxy|url|pushurl)|url\..*|protocol\..*|safe\.directory|http\..*|ssh\..*|submodule\..*|interactive\.difffilter|difftool\..*|mergetool\..*|commit\.template|instaweb\..*)$/i;

const GIT_LONG: Record<string, string[]> = {
  reset: ["--hard", "--merge", "--keep", "--soft", "--mixed"],
  gc: ["--prune", "--aggressive", "--auto"],
  clean: ["--force", "--dry-run"],
  push: ["--force", "--mirror", "--delete", "--prune", "--force-with-lease", "--all", "--tags"],
  checkout: ["--force", "--discard-changes", "--orphan"],
  branch: ["--delete", "--force", "--move", "--copy"],
  reflog: ["--expire", "--all"],
};

/** A git long option spelled out: git's parse-options takes any unique prefix (`--h` for `--hard`). */
function expandGitLong(sub: string, arg: string): string {
  if (!arg.startsWith("--") || arg === "--") return arg;
  const equals = arg.indexOf("=");
  const written = equals === -1 ? arg : arg.slice(0, equals);
  const matches = (GIT_LONG[sub] ?? []).filter((name) => name.startsWith(written));
  return matches.length === 1 ? matches[0]! + (equals === -1 ? "" : arg.slice(equals)) : arg;
}

function gitLong(arg: string, full: string): boolean {
  const written = arg.split("=")[0]!;
  return written === full || (written.length >= 3 && written.startsWith("--") && full.startsWith(written));
}

/** `history-rewrite`, a deny family. */
export const historyRewrite: RuleFamily = {
  name: "history-rewrite",
  decision: "deny",
  summary: "force-pushes or deletes main/master (+refspecs, --mirror, --force without a branch), rewriting shared history",
  command: (command) => {
    const git = gitWords(command);
    if (!git || git.sub !== "push") return undefined;
    // --force-with-lease refuses to overwrite work it has not seen: a person decides (discard-work)
    if (git.rest.some((arg) => /^--force-with-lease/.test(arg))) return undefined;
    const end = git.rest.indexOf("--");
    const options = end === -1 ? git.rest : git.rest.slice(0, end);
    const force = options.some((arg) => /^(-f|--force(=.*)?|--force-if-includes|-[a-zA-Z]*f[a-zA-Z]*)$/.test(arg) || gitLong(arg, "--force"));
    if (git.rest.some((arg) => arg === "--dry-run" || arg === "-n")) return undefined;
    if (git.rest.some((arg) => gitLong(arg, "--mirror"))) return "git push --mirror rewrites or deletes every remote branch";
    const refs = [...options.filter((arg) => !arg.startsWith("-")), ...(end === -1 ? [] : git.rest.slice(end + 1))];
    const destination = (ref: string) => ref.replace(/^\+/, "").split(":").at(-1)!.replace(/^refs\/heads\//, "");
    const main = (ref: string) => ["main", "master", "trunk", "develop", "production", "prod", "release"].includes(destination(ref));
    const deletes = git.rest.includes("--delete") || git.rest.includes("-d") || refs.some((ref) => /^:/.test(ref));
    if (refs.some((ref) => ref.startsWith("+") && main(ref))) return "force-pushes a protected branch with a + refspec";
    if ((force || deletes) && refs.slice(1).some(main)) return "force-pushes or deletes a protected branch";
    if (force && refs.length <= 1) return "force-pushes the current branch (which may be main)";
    if (git.rest.includes("--all") && force) return "force-pushes every branch";
    return undefined;
  },
};

/** `discard-work`, an ask family. */
export const discardWork: RuleFamily = {
  name: "discard-work",
  decision: "ask",
  summary: "discards uncommitted work or history: git reset --hard, checkout/restore of paths, clean -f, stash drop/clear, reflog expire, gc --prune, branch -D, filter-branch, other force-pushes",
  command: (command) => {
    const git = gitWords(command);
    if (!git) return undefined;
    const { sub } = git;
    // git accepts any unique prefix of a long option: --h is --hard, --p=now is --prune=now
    const rest = git.rest.map((arg) => expandGitLong(sub, arg));
    const has = (pattern: RegExp) => rest.some((arg) => pattern.test(arg));
    const settings = git.globals.flatMap((arg, index) => (arg === "-c" ? [(git.globals[index + 1] ?? "").toLowerCase()] : []));
    if (settings.some((entry) => /^(gc\.prune\w*|gc\.reflogexpire\w*|clean\.requireforce|core\.bare|receive\.deny\w*)=/.test(entry))) return "git -c loosens a safety setting";
    if (sub === "reset" && has(/^--(hard|merge|keep)$/)) return `git reset ${rest.find((arg) => /^--(hard|merge|keep)$/.test(arg))} drops uncommitted changes`;
    if ((sub === "checkout" || sub === "switch") && (has(/^(-[a-zA-Z]*f[a-zA-Z]*|--force|--discard-changes|-B|--pathspec-from-file(=.*)?|--overwrite-ignore)$/) || rest.includes("--") || rest.includes(".") || rest.some((arg) => /^[./]|\*/.test(arg)) || (sub === "checkout" && rest.filter((arg) => !arg.startsWith("-")).length >= 2))) return `git ${sub} over files drops their changes`;
    if (settings.some((entry) => GIT_CODE_KEYS.test(entry.split("=")[0]!))) return "git -c sets a program, alias or hook for this run";
    if (sub === "restore" && (has(/^(--worktree|-W|-[a-zA-Z]*W[a-zA-Z]*)$/) || !has(/^(--staged|-S|-[a-zA-Z]*S[a-zA-Z]*)$/))) return "git restore drops working-tree changes";
    if (sub === "clean" && has(/^-[a-zA-Z]*f|^--force$/)) return "git clean -f deletes untracked files";
    if (sub === "stash" && ["drop", "clear"].includes(rest[0] ?? "")) return `git stash ${rest[0]} deletes stashed work`;
    if (sub === "reflog" && ["expire", "delete"].includes(rest[0] ?? "")) return "git reflog expire deletes the undo history";
    if (sub === "gc" && has(/^--prune/)) return "git gc --prune deletes unreachable commits";
    if (sub === "prune") return "git prune deletes unreachable objects";
    if (sub === "branch" && (has(/^-[a-zA-Z]*D/) || has(/^(-f|--force|-M|-C)$/) || (has(/^(-d|--delete)$/) && has(/^(-f|--force)$/)))) return "git branch -D/-f deletes or moves a branch with unmerged work";
    if (sub === "tag" && has(/^(-d|--delete)$/)) return "git tag -d deletes a tag";
    // `git replace -l [PATTERN]` only lists the replacement refs
    const listsReplacements = sub === "replace" && rest.length > 0 && /^(-l|--list)$/.test(rest[0]!) && rest.slice(1).every((arg) => !arg.startsWith("-") || /^--format=(short|medium|long)$/.test(arg));
    if (sub === "filter-branch" || sub === "filter-repo" || (sub === "replace" && !listsReplacements)) return `git ${sub} rewrites history`;
    if (sub === "update-ref" && has(/^-d$/)) return "git update-ref -d deletes a ref";
    if (sub === "worktree" && rest[0] === "remove" && has(/^(-f|--force)$/)) return "git worktree remove --force drops its changes";
    if (sub === "push" && (has(/^(-f|--force(=.*)?|--force-with-lease.*|--prune|-[a-zA-Z]*f[a-zA-Z]*)$/) || rest.some((arg) => arg.startsWith("+") || arg.startsWith(":")) || has(/^(-d|--delete)$/))) return "git push rewrites or deletes a remote branch";
    if (sub === "rebase" && has(/^(--root|-i|--interactive|--onto|--exec|-x)$/)) return "git rebase rewrites local history";
    if (sub === "commit" && has(/^--amend$/) && has(/^--no-edit$/)) return undefined;
    if (sub === "checkout" && has(/^--orphan$/)) return undefined;
    if (sub === "rm" && has(/^(-[a-zA-Z]*r|-f|--force)$/)) return "git rm -r/-f deletes tracked files";
    if (sub === "submodule" && rest[0] === "deinit" && has(/^(-f|--force|--all)$/)) return "git submodule deinit --force";
    return undefined;
  },
};
