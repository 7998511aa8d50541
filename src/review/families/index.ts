// The deny and ask families, in the order they are tried: the first deny found is the one a message names.
import { cloudContainerDatabase } from "./cloud.js";
import { codeFromText, codeInjection, decodedCode, tooDeep } from "./code.js";
import { bulkDelete, destructiveDelete, projectWipe } from "./deletes.js";
import { discardWork, historyRewrite } from "./git.js";
import { agentsUnguarded, guardTampering, otherGuards } from "./guards.js";
import { networkToShell, networkWrite, reverseShell } from "./network.js";
import { credentialsRead, credentialsSent } from "./secrets.js";
export { namesNoFile } from "./secrets.js";
import { crontabRemove, disk, forkBomb, permissions, scheduledJobsAndServices, shutdownAndKill, systemWrite } from "./system.js";
import type { RuleFamily } from "./types.js";

export { CREDENTIALS, globCouldMatchSecret, SECRET_SAMPLES } from "./credentials.js";
export { PROTECTED_FOLDERS, protectedWrite } from "./guard-paths.js";
export { NETWORK, runsStdin } from "./programs.js";
export { asks, type Finding, type RuleFamily } from "./types.js";
export { gitWords } from "./words.js";
export { WRITES, writeTargets } from "./writes.js";

/**
 * The deny and ask families. Their union covers what the peer guards block (see
 * docs/peer-differences.md for the cases where hookjudge decides otherwise, and why).
 */
export const FAMILIES: RuleFamily[] = [
  destructiveDelete,
  projectWipe,
  guardTampering,
  historyRewrite,
  discardWork,
  networkToShell,
  reverseShell,
  decodedCode,
  disk,
  credentialsSent,
  credentialsRead,
  systemWrite,
  scheduledJobsAndServices,
  cloudContainerDatabase,
  crontabRemove,
  shutdownAndKill,
  permissions,
  forkBomb,
  bulkDelete,
  codeFromText,
  codeInjection,
  networkWrite,
  otherGuards,
  agentsUnguarded,
  tooDeep,
];
