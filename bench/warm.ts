// `--only warm`: the hello-world warm rows alone (our engine, no baselines): a quick before/after check of the run path.
import { createEngine, warmRuns } from "./ours";
import { PROGRAMS } from "./programs";
import { summarize, type Summary } from "./stats";

export interface WarmRow {
  runtime: string;
  summary: Summary;
}

export async function benchWarm(
  distDir: string,
  runsFor: (program: (typeof PROGRAMS)[number]) => { warmups: number; runs: number },
  progress: (line: string) => void,
): Promise<WarmRow[]> {
  const engine = createEngine(distDir);
  const rows: WarmRow[] = [];
  try {
    for (const program of PROGRAMS) {
      const { warmups, runs } = runsFor(program);
      const summary = summarize(await warmRuns(engine, program, warmups, runs));
      progress(`${program.runtime}: ours warm: median ${summary.median} ms (${summary.min}-${summary.max}, n=${runs})`);
      rows.push({ runtime: program.runtime, summary });
    }
  } finally {
    await engine.dispose();
  }
  return rows;
}

export function formatWarmReport(rows: WarmRow[]): string {
  const lines = ["Hello world, ours warm (ms): runtime  median  min-max  n"];
  for (const { runtime, summary: s } of rows)
    lines.push(`  ${runtime.padEnd(8)} ${String(s.median).padStart(7)}  ${s.min}-${s.max}  ${s.runs}`);
  return lines.join("\n");
}
