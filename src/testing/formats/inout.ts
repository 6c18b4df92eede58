/**
 * A folder of tests as many courses and judges hand them out: `NAME.in` with `NAME.out` or
 * `NAME.ans` next to it, and the program beside them. Cases come in natural order of their
 * names (`2.in` before `10.in`), the order people number them in.
 */
import type { TestFileProblem } from "../model";
import type { FormatHost } from "./host";

export interface InOutCase {
  name: string;
  /** Relative to the folder. */
  input: string;
  answer: string;
}

export interface InOutFolder {
  cases: InOutCase[];
  /** Files directly in the folder that a runtime runs: candidates for the program. */
  programs: string[];
  problems: TestFileProblem[];
}

export const ANSWER_EXTENSIONS = [".out", ".ans"];

const natural = new Intl.Collator("en", { numeric: true, sensitivity: "variant" });

export async function readInOutFolder(
  folder: string,
  host: FormatHost,
  runtimeOf: (name: string) => string | undefined,
): Promise<InOutFolder> {
  const files = new Set(await host.glob(folder, "*"));
  const cases: InOutCase[] = [];
  const problems: TestFileProblem[] = [];
  for (const file of files) {
    if (!file.endsWith(".in")) continue;
    const stem = file.slice(0, -3);
    const answer = ANSWER_EXTENSIONS.map((ext) => stem + ext).find((candidate) => files.has(candidate));
    if (answer) cases.push({ name: stem, input: file, answer });
    else
      problems.push({
        path: host.join(folder, file),
        position: { line: 1, column: 1 },
        message: `an input without its answer: no ${stem}.out or ${stem}.ans next to it`,
      });
  }
  cases.sort((a, b) => natural.compare(a.name, b.name));
  const programs = [...files].filter((file) => runtimeOf(file) !== undefined).sort();
  return { cases, programs, problems };
}

/** Whether a folder's file names look like a folder of .in/.out tests (cheap: names only). */
export function looksLikeInOutFolder(names: readonly string[]): boolean {
  const set = new Set(names);
  return names.some(
    (name) => name.endsWith(".in") && ANSWER_EXTENSIONS.some((ext) => set.has(name.slice(0, -3) + ext)),
  );
}
