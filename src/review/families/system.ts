// The machine: disks, system files, services and accounts, power, permissions, fork bombs.
import { resolveOperand } from "../paths.js";
import { CREDENTIALS } from "./credentials.js";
import { asks, type RuleFamily } from "./types.js";
import { code, critical, FOLDER_ROOTS, operands, recursive } from "./words.js";
import { WRITES, writeTargets } from "./writes.js";

/** A block device's name as the kernel gives it (a partial name such as `/dev/sd` is none). */
const DEVICE_NAME = /^\/dev\/((s|h|v|xv)d[a-z]+\d*|nvme\d+n\d+(p\d+)?|mmcblk\d+(p\d+)?|md\d+|md\/\S+|dm-\d+|loop\d+|mapper\/\S+|r?disk\d+(s\d+)?|nbd\d+(p\d+)?|pmem\d+(s|\.\d+)?|sr\d+|disk\/by-\S+|[\w-]+\/[\w-]+)$/;
const DISK = /^\/dev\/(sd|hd|nvme|vd|xvd|disk|rdisk|mmcblk|dm-|md|loop|mapper\/|nbd|sr)/;

const RC_FILES = /(^|\/)(\.bashrc|\.bash_profile|\.bash_login|\.bash_logout|\.profile|\.zshrc|\.zprofile|\.zshenv|\.zlogin|\.zlogout|config\.fish|authorized_keys|authorized_keys2|\.inputrc|\.xprofile|\.xinitrc|\.pam_environment|sudoers(\.d\/.*)?|crontab|rc\.local)$/;

/** `disk`, a deny family. */
export const disk: RuleFamily = {
  name: "disk",
  decision: "deny",
  summary: "formats, partitions, wipes or overwrites disks and volumes",
  command: (command) => {
    const name = command.decodedName;
    if (command.args.some((arg) => /^(--test|-t|--help|--longhelp|--version|--dry-run|--noaction|--no-act|--pretend|-P)$/.test(arg) || (arg === "-n" && /^(wipefs|zpool|zfs)$/.test(name))) && /^(lv\w+|vg\w+|pv\w+|lvm|wipefs|sgdisk|sfdisk|parted|mdadm|zpool|zfs)$/.test(name)) return undefined;
    // mke2fs -n shows what it would do; wipefs without -a or -o only lists signatures; badblocks reads unless -w (-n writes back what it read)
    if (/^(mkfs(\.ext[234])?|mke2fs)$/.test(name) && command.args.includes("-n")) return undefined;
    if (name === "wipefs" && !command.args.some((arg) => /^(-[a-zA-Z]*[ao]|--all|--offset(=.*)?)/.test(arg))) return undefined;
    if (name === "badblocks") return command.args.some((arg) => /^-[a-zA-Z]*w/.test(arg)) ? "badblocks -w overwrites the whole device" : command.args.some((arg) => /^-[a-zA-Z]*n/.test(arg)) ? asks("badblocks -n writes to the device (and writes back what it read)") : undefined;
    if (/^(lv|vg|pv)remove$/.test(name)) {
      const volumes = command.args.filter((arg, index) => !arg.startsWith("-") && !/^(--reportformat|--config|--commandprofile|--profile|--select|-S|--autobackup|-A|--lockopt|--driverloaded|--nolocking|--devices|--devicesfile)$/.test(command.args[index - 1] ?? ""));
      const written = command.argsText.filter((word) => !word.startsWith("-"));
      if (volumes.length === 0) return asks(`${name} names no volume`);
      if (written.length > 0 && written.every((word) => /^["']?\$/.test(word))) return asks(`${name} of a volume named by a variable`);
    }
    if (/^(mkfs(\..+)?|mke2fs|mkswap|mkntfs|mkdosfs|mkexfatfs|mkfs_\w+)$/.test(name) && !command.args.some((arg) => DEVICE_NAME.test(arg)) && !command.argsText.some((word) => /\$/.test(word))) return asks(`${name} of ${operands(command).at(-1) ?? "nothing"}, which is not a device name`);
    if (/^(mkfs(\..+)?|mke2fs|mkswap|mkntfs|mkdosfs|mkexfatfs|mkfs_\w+|wipefs|fdisk|sfdisk|cfdisk|gdisk|sgdisk|cgdisk|parted|partprobe|blkdiscard|lvremove|vgremove|pvremove|lvreduce|lvresize|vgreduce|pvmove|mdadm|cryptsetup|zpool|badblocks|hdparm|nvme|sg_format|dmsetup|kpartx|losetup|resize2fs|e2fsck|fsck(\..+)?|tune2fs|xfs_repair|btrfs|zfs|diskutil|newfs|newfs_\w+|gpart|format|diskpart|flashrom)$/.test(name)) {
      if (name === "diskutil" && !command.args.some((arg) => /^(erase\w*|partitionDisk|zeroDisk|randomDisk|secureErase|reformat|deleteContainer|deleteVolume|splitPartition|mergePartitions|resizeVolume|resizeContainer|addPartition|deleteSnapshot|eraseVolume|eraseDisk|apfs|cs|ar|appleRAID|coreStorage)$/.test(arg) && !/^(list|info)/.test(command.args[1] ?? ""))) return undefined;
      if (command.args.some((arg) => arg === "--help" || arg === "-h" || arg === "--version")) return undefined;
      if ((name === "zfs" || name === "zpool" || name === "btrfs") && /^(list|status|get|iostat|history|show|filesystem|subvolume)$/.test(command.args[0] ?? "") && !command.args.some((arg) => /^(delete|destroy)$/.test(arg))) return undefined;
      if ((name === "nvme" || name === "hdparm") && !command.args.some((arg) => /format|sanitize|security-erase|--trim|write|-z/i.test(arg))) return undefined;
      if (name === "cryptsetup" && !command.args.some((arg) => /luksFormat|erase|luksKillSlot|reencrypt/.test(arg))) return undefined;
      if (name === "mdadm" && !command.args.some((arg) => /--create|--zero-superblock|--remove|--fail/.test(arg))) return undefined;
      if (/^(losetup|partprobe|kpartx|dmsetup)$/.test(name) && !command.args.some((arg) => /^-d|remove|--detach/.test(arg))) return undefined;
      return `${name} changes disks, partitions or volumes`;
    }
    if (name === "dd" && command.args.some((arg) => /^of=\/dev\/(?!null$|zero$|stdout$|stderr$|fd\/)/.test(arg))) return "dd writes a device";
    if ((name === "shred" || name === "truncate" || name === "blkdiscard" || name === "wipe") && command.args.some((arg) => DISK.test(arg))) return `${name} of a device`;
    if (command.redirects.some((redirect) => WRITES.test(redirect.operator) && (DISK.test(redirect.target) || redirect.target === "/proc/sysrq-trigger" || /^\/dev\/(mem|kmem|port)$/.test(redirect.target)))) return "writes a device";
    if (["tee", "cp", "cat", "install", "mv", "pv", "ddrescue", "dcfldd"].includes(name) && writeTargets(command).concat(name === "tee" || name === "ddrescue" ? operands(command) : []).some((path) => DISK.test(path) || path === "/proc/sysrq-trigger")) return `${name} writes a device`;
    return undefined;
  },
};

/** `system-write`, a deny family. */
export const systemWrite: RuleFamily = {
  name: "system-write",
  decision: "deny",
  summary: "writes system configuration, sudoers, authorized_keys or a shell start-up file",
  command: (command, _line, context) => {
    const sensitive = (path: string) => {
      const resolved = resolveOperand(path, command, context);
      return [path, resolved ?? ""].some((value) => value.startsWith("/etc/") || value === "/etc" || value.startsWith("/usr/") || value.startsWith("/boot/") || value.startsWith("/Library/") || value.startsWith("/System/") || RC_FILES.test(value) || /^~\/\.(ssh|gnupg|config\/(systemd|autostart)|local\/share\/applications|bashrc\.d)\//.test(value) || /^\/(root|var\/spool\/cron)\//.test(value) || /^\/sys\//.test(value));
    };
    // rm without -r and unlink cannot remove a folder every system has
    const folderNoop = (path: string) => (command.decodedName === "unlink" || (command.decodedName === "rm" && !recursive(command))) && FOLDER_ROOTS.test(path);
    const hit = writeTargets(command).find((path) => sensitive(path) && !folderNoop(path));
    if (hit) return `writes ${hit}`;
    const credential = writeTargets(command).find((path) => CREDENTIALS.test(path) && /^(~|\$HOME|\/)/.test(path));
    if (credential) return `writes the credential file ${credential}`;
    if (command.decodedName === "visudo" || command.decodedName === "vipw" || command.decodedName === "vigr") return `${command.decodedName} edits system accounts`;
    return undefined;
  },
};

/** `scheduled-jobs-and-services`, an ask family. */
export const scheduledJobsAndServices: RuleFamily = {
  name: "scheduled-jobs-and-services",
  decision: "ask",
  summary: "changes cron, at, systemd, launchd or init services, and login accounts",
  command: (command) => {
    const name = command.decodedName;
    if (name === "crontab" && command.args.some((arg) => /^-[a-zA-Z]*r/.test(arg))) return undefined;
    if (name === "crontab") return command.args.length === 0 || command.args.every((arg) => arg === "-l" || /^-u$/.test(arg) || command.args[command.args.indexOf(arg) - 1] === "-u") ? undefined : "crontab changes scheduled jobs";
    if (name === "at" || name === "batch" || name === "atrm" || name === "schtasks") return `${name} schedules or removes jobs`;
    if ((name === "systemctl" || name === "service" || name === "rc-service" || name === "sv" || name === "rc-update" || name === "update-rc.d" || name === "chkconfig") && command.args.some((arg) => /^(start|stop|restart|reload|enable|disable|mask|unmask|kill|daemon-reload|edit|set-default|isolate|link|revert|preset|set-property|reset-failed|add|del|delete|on|off|try-restart|force-reload)$/.test(arg))) return `${name} changes a service`;
    if (systemQuery(name, command.args)) return undefined;
    if ((name === "launchctl") && command.args.some((arg) => /^(load|unload|bootstrap|bootout|remove|kill|enable|disable|submit|start|stop|kickstart)$/.test(arg))) return "launchctl changes a service";
    if (/^(useradd|userdel|usermod|adduser|deluser|groupadd|groupdel|groupmod|passwd|chpasswd|chsh|chfn|dscl|sysadminctl|pwpolicy)$/.test(name) && !(name === "dscl" && command.args.some((arg) => /^-(read|list|search)$/.test(arg)))) return `${name} changes accounts`;
    if (/^(iptables|ip6tables|nft|ufw|firewall-cmd|pfctl|sysctl|modprobe|rmmod|insmod|mount|umount|swapoff|swapon|setenforce|chattr|csrutil|spctl|tmutil|nvram|pmset|networksetup|scutil|defaults|kextunload|kextload|ip|route|ifconfig)$/.test(name)) {
      const reads = /^(-L|-S|--list|-l|list|status|show|-a|get|read|-p|--print|-n|-listallnetworkservices|-getinfo|-get\w*|--get|addr|link|route|neigh|-s|-r|info|destinationinfo|listbackups|latestbackup|-q|--query|-g|-print|export|-version|--version|help|domains|find|-dump\w*|--dns|-list\w*)$/;
      if (command.args.length === 0 && /^(mount|ip|route|ifconfig|sysctl|defaults|scutil|tmutil|pmset|networksetup|nvram)$/.test(name)) return undefined;
      if (name === "ip" && !command.args.some((arg) => /^(add|a[d]{0,2}$|del|delete|flush|set|change|replace|append|exec|attach|detach|save|restore)$/.test(arg) && arg !== "a")) return undefined;
      if (command.args.some((arg) => reads.test(arg)) && !command.args.some((arg) => /^(-F|--flush|-X|-D|-A|-I|-P|-w|--write|disable|enable|delete|add|remove|reset|-d|-e|-f|write|-set\w*|--set|delete\w*|-remove\w*|flush|down|up|del)$/.test(arg))) return undefined;
      if (name === "sysctl" && !command.args.some((arg) => /=|^-w$|^--write$|^-p$|^--load/.test(arg))) return undefined;
      if (name === "mount" && command.args.every((arg) => arg.startsWith("-") && /^-(l|t|v)/.test(arg))) return undefined;
      return `${name} changes the machine's configuration`;
    }
    if (name === "date" && command.args.some((arg) => /^(-s|--set)(=|$)|^-[a-zA-Z]*s$/.test(arg))) return "date -s sets the system clock";
    if ((name === "timedatectl" || name === "hwclock") && command.args.some((arg) => /^(set-\w+|--set|-w|--systohc)$/.test(arg))) return `${name} sets the system clock`;
    if (name === "history" && command.args.some((arg) => /^-[a-zA-Z]*[cdw]/.test(arg))) return "history -c erases the shell history";
    return undefined;
  },
};

/** `crontab-remove`, a deny family. */
export const crontabRemove: RuleFamily = {
  name: "crontab-remove",
  decision: "deny",
  summary: "crontab -r deletes every scheduled job of the user, with no undo",
  command: (command) => (command.decodedName === "crontab" && command.args.some((arg) => /^-[a-zA-Z]*r/.test(arg)) ? "crontab -r deletes all scheduled jobs" : undefined),
};

/** `shutdown-and-kill`, a deny family. */
export const shutdownAndKill: RuleFamily = {
  name: "shutdown-and-kill",
  decision: "deny",
  summary: "shuts down or reboots the machine, or kills every process",
  command: (command) => {
    const name = command.decodedName;
    if (["shutdown", "reboot", "halt", "poweroff", "killall5"].includes(name)) return `${name} stops the machine or every process`;
    if ((name === "init" || name === "telinit") && ["0", "6", "1", "s", "S"].includes(command.args[0] ?? "")) return `${name} changes the run level`;
    if (name === "systemctl" && command.args.some((arg) => /^(poweroff|reboot|halt|kexec|suspend|hibernate|hybrid-sleep|rescue|emergency|soft-reboot)$/.test(arg))) return "systemctl stops the machine";
    // the last word -1 is every process (`kill -9 -1`); `kill -1 PID` sends signal 1 to PID
    if ((name === "kill" || name === "pkill") && command.args.at(-1) === "-1") return "kill -1 kills every process the user can reach";
    if (name === "kill" && command.args.some((arg) => arg === "1" || arg === "-1") && command.args.at(-1) !== undefined && /^-?1$/.test(command.args.at(-1)!)) return "kills init or every process";
    if ((name === "pkill" || name === "killall") && command.args.some((arg) => /^-(u|U)$/.test(arg) || /^(-[a-zA-Z]*v|init|systemd|sshd|launchd|Finder|loginwindow|WindowServer|kernel_task|dockerd|containerd|Xorg|gnome-shell|kwin|node|python|java|bash|zsh|sh)$/.test(arg))) return `${name} kills system or shell processes`;
    if (name === "kill" && command.args.some((arg) => /^-?0$/.test(arg)) && command.args.at(-1) === "0") return "kills the whole process group";
    return undefined;
  },
};

/** `permissions`, a deny family. */
export const permissions: RuleFamily = {
  name: "permissions",
  decision: "deny",
  summary: "changes ownership or permissions recursively on the root, the home folder or a system folder, or opens them to everyone",
  command: (command, _line, context) => {
    if (!["chmod", "chown", "chgrp", "setfacl", "chflags"].includes(command.decodedName)) return undefined;
    const targets = operands(command).filter((arg) => command.args.includes(arg) || command.argsText.includes(arg)).slice(command.args.some((arg) => arg.startsWith("--reference")) ? 0 : 1);
    const hit = targets.find((path) => critical(path, command, context));
    if (hit && (recursive(command) || /^(0?[0-7]?7[0-7]7|a\+[rwx]*w|o\+w|777|666|000|u-[rwx]+|-R)$/.test(command.args.find((arg) => !arg.startsWith("-")) ?? ""))) return `changes permissions of ${hit}`;
    if (targets.some((path) => /^\/(etc|usr|bin|sbin|lib|boot|var)(\/|$)|\/etc\/(sudoers|shadow|passwd)/.test(path)) && command.decodedName !== "chgrp") return "changes permissions of system files";
    if (command.decodedName === "chmod" && command.args.some((arg) => /^[ugoa]*[+=][rwx]*s|^[4267][0-7]{3}$/.test(arg))) return "sets a setuid or setgid bit";
    return undefined;
  },
};

/** `fork-bomb`, a deny family. */
export const forkBomb: RuleFamily = {
  name: "fork-bomb",
  decision: "deny",
  summary: "a fork bomb, in shell or an interpreter",
  line: (line) => {
    if (line.forkBomb) return "a function that calls itself in the background through a pipe";
    if (line.commands.some((command) => /fork\s*(\(\s*\))?\s*(while|until|for)|while\s*\(?\s*(1|true|True)\s*\)?\s*[:{]?\s*(os\.)?fork|os\.fork\(\)\s*$|for\s*\(\s*;\s*;\s*\)\s*fork|loop\s*\{\s*fork/.test(code(command)))) return "an interpreter loop that forks without end";
    // an endless loop that starts a background job each time round
    if (line.endlessBackgroundLoop) return "an endless loop that starts background jobs and never waits";
    return undefined;
  },
};

/** tmutil verbs that only print, compare or check backups. */
const TMUTIL_READS = /^(version|help|destinationinfo|isexcluded|listlocalsnapshotdates|listlocalsnapshots|listbackups|latestbackup|machinedirectory|uniquesize|verifychecksums|compare|calculatedrift|status)$/;
/** spctl options of an assessment or a status query (`--add`, `--enable`, `--master-disable` change policy). */
const SPCTL_READS = /^(--assess|-a|--status|--verbose|-v+|--raw|--type|-t|--context|--ignore-cache|execute|install|open|--list)$/;
/** dscl commands that read the directory (`create`, `delete`, `passwd`, `append`, `merge` change it). */
const DSCL_READS = /^-?(read|readall|readpl|readpli|list|search|diff)$/;
/** A network interface name: `en0`, `eth0`, `lo`, `wlan0`, `bond0.10`, `eth0:1`. */
const INTERFACE = /^(lo|[a-z][a-z0-9-]*\d+([.:]\d+)?)$/;

/**
 * Read-only queries of macOS and network tools that the family would otherwise take for a
 * change: `tmutil version`, `networksetup -showBondStatus bond0`, `spctl --assess app`,
 * `scutil --proxy`, `dscl . read /Users/a`, `ifconfig en0`, `launchctl help`.
 */
function systemQuery(name: string, args: string[]): boolean {
  if (name === "tmutil") return TMUTIL_READS.test(args[0] ?? "");
  // networksetup runs one command, its first option: -show…, -is…, -list…, -get…, -help, -printcommands
  if (name === "networksetup") return /^-(show\w*|is\w*|list\w*|get\w*|help|printcommands|version)$/i.test(args[0] ?? "") && args.slice(1).every((arg) => !arg.startsWith("-"));
  if (name === "spctl") return args.some((arg) => /^(--assess|-a|--status)$/.test(arg)) && args.every((arg, index) => SPCTL_READS.test(arg) || (!arg.startsWith("-") && index > 0));
  // scutil -w waits for a key to appear; --get prints a name (--set changes it); bare scutil reads commands from stdin
  if (name === "scutil") return /^(--proxy|--dns|--nwi|--get|-w|-r)$/.test(args[0] ?? "") && args.every((arg) => !/^--(set|renew)/.test(arg));
  if (name === "defaults") return /^(read|read-type|domains|find|help)$/.test(args[0] ?? "");
  if (name === "dscl") {
    // options (-plist, -raw, -q), then the data source (`.`, `localhost`, a path), then one command
    const words = args.filter((arg) => !/^-(plist|raw|q|url)$/.test(arg));
    return DSCL_READS.test(words[1] ?? "");
  }
  if (name === "ifconfig") {
    const operands = args.filter((arg) => !arg.startsWith("-"));
    return args.every((arg) => !arg.startsWith("-") || /^-[alvsLmd]+$/.test(arg)) && operands.length <= 1 && operands.every((arg) => INTERFACE.test(arg));
  }
  if (name === "launchctl") return args[0] === "help";
  return false;
}
