// A measurement or why there is none, and what every section does with one: take it, print
// it as progress, read its summary. Also the checked run most sections time.
import type { RunRequest } from "../src/engine/api";
import type { SandboxEngine } from "../src/engine/host";
import { summarize, timed, type Summary } from "./stats";

/**
 * A measurement, or why there is none. `summary`: wall time; `cpu`, where a section takes it:
 * the CPU time of the process over the same runs (on a shared machine wall time is mostly
 * waiting for a core).
 */
export type Measured = { summary: Summary; cpu?: Summary; note?: string } | { unavailable: string };

export const summaryOf = (m: Measured | undefined): Summary | undefined =>
  m && "summary" in m ? m.summary : undefined;

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `work`; a failure becomes "n/a" with its reason. */
export async function attempt(work: () => Promise<{ summary: Summary; note?: string }>): Promise<Measured> {
  try {
    return await work();
  } catch (error) {
    return { unavailable: errorMessage(error) };
  }
}

/** One progress line: the median and range, or n/a and why. */
export function reportMeasured(progress: (line: string) => void, label: string, measured: Measured): void {
  if ("summary" in measured) {
    const { median, min, max, runs } = measured.summary;
    const cpu = measured.cpu && `, CPU median ${measured.cpu.median} ms (${measured.cpu.min}-${measured.cpu.max})`;
    progress(`${label}: median ${median} ms (${min}-${max}, n=${runs})${cpu ?? ""}`);
  } else {
    progress(`${label}: n/a: ${measured.unavailable}`);
  }
}

/**
 * Each runner once per round, in turn, so that the machine's drift (it is shared) falls on
 * all alike; the first `warmups` rounds are not counted. A runner that throws runs no more
 * and is n/a with its error.
 */
export async function pairedRounds<K extends string>(
  runners: Record<K, () => Promise<number>>,
  warmups: number,
  runs: number,
): Promise<Record<K, Measured>> {
  const names = Object.keys(runners) as K[];
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  const failed = new Map<K, string>();
  for (let round = 0; round < warmups + runs; round++) {
    for (const name of names) {
      if (failed.has(name)) continue;
      try {
        const ms = await runners[name]();
        if (round >= warmups) samples.get(name)!.push(ms);
      } catch (error) {
        failed.set(name, errorMessage(error));
      }
    }
  }
  return Object.fromEntries(
    names.map((name) => [
      name,
      failed.has(name) ? { unavailable: failed.get(name)! } : { summary: summarize(samples.get(name)!) },
    ]),
  ) as Record<K, Measured>;
}

/** One run of `request`, which must exit 0 printing exactly `expected`; its wall time in ms. */
export async function checkedRun(
  engine: SandboxEngine,
  request: RunRequest,
  what: string,
  expected: string,
): Promise<number> {
  const { ms, value: result } = await timed(() => engine.run(request));
  const stdout = new TextDecoder().decode(result.stdout);
  if (result.status !== "exited" || result.exitCode !== 0 || stdout !== expected) {
    const why = result.status === "crashed" || result.status === "killed" ? result.message : result.status;
    throw new Error(
      `${what}: wrong result (${why}): ${stdout}${new TextDecoder().decode(result.stderr)}`.slice(0, 400),
    );
  }
  return ms;
}
