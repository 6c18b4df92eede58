/**
 * What a submission in `submissions/FOLDER/` must get, by the folder's name, as the format's
 * own tools check it: the verdicts all of its cases may have (`permitted`) and those at
 * least one case must have (`required`), with the format's short names AC, WA, TLE, RTE.
 */
import type { FormatVersion } from "./problem-yaml";

export type ShortVerdict = "AC" | "WA" | "TLE" | "RTE";

export interface Expectation {
  permitted: ShortVerdict[];
  required: ShortVerdict[];
}

const ALL: ShortVerdict[] = ["AC", "WA", "TLE", "RTE"];

const RULES: Record<FormatVersion, Record<string, Expectation>> = {
  // Legacy: a wrong answer must not be too slow or crash; a slow one may also be wrong; a crash may be anything.
  legacy: {
    accepted: { permitted: ["AC"], required: ALL },
    wrong_answer: { permitted: ["AC", "WA"], required: ["WA"] },
    time_limit_exceeded: { permitted: ["AC", "WA", "TLE"], required: ["TLE"] },
    run_time_error: { permitted: ALL, required: ["RTE"] },
  },
  "2025-09": {
    accepted: { permitted: ["AC"], required: ALL },
    rejected: { permitted: ALL, required: ["RTE", "TLE", "WA"] },
    wrong_answer: { permitted: ["AC", "WA"], required: ["WA"] },
    time_limit_exceeded: { permitted: ["AC", "TLE"], required: ["TLE"] },
    run_time_error: { permitted: ["AC", "RTE"], required: ["RTE"] },
    brute_force: { permitted: ["AC", "RTE", "TLE"], required: ["RTE", "TLE"] },
  },
};

/** The rule of a submission folder, or undefined for a folder the format does not define. */
export function expectationOf(version: FormatVersion, folder: string): Expectation | undefined {
  return RULES[version][folder];
}

export function knownFolders(version: FormatVersion): string[] {
  return Object.keys(RULES[version]);
}

/** Whether the verdicts of a submission's cases meet its folder's rule; `why` says how not. */
export function meets(expectation: Expectation, verdicts: ShortVerdict[]): { ok: boolean; why?: string } {
  const unexpected = verdicts.find((v) => !expectation.permitted.includes(v));
  if (unexpected)
    return {
      ok: false,
      why: `got ${unexpected}, which it must never get (allowed: ${expectation.permitted.join(", ")})`,
    };
  if (verdicts.length > 0 && !verdicts.some((v) => expectation.required.includes(v))) {
    return { ok: false, why: `no case got ${expectation.required.join(" or ")}` };
  }
  return { ok: verdicts.length > 0, why: verdicts.length === 0 ? "no case ran" : undefined };
}
