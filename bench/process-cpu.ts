// CPU time of another process, all its threads (Linux: /proc/PID/stat), for the
// arithmetic that bounds what running calls at once can gain on this machine's cores.
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime and stime: 100 on Linux's usual builds. */
const USER_HZ = 100;

/** User + system CPU ms of process `pid` so far, or undefined where /proc cannot say. */
export function processCpuMs(pid: number | null | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): state is the 3rd, utime the 14th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}
