/**
 * The programs of a problem package: its output validator (legacy `output_validators/`,
 * 2025-09 `output_validator/`) and its example submissions (`submissions/VERDICT/`), each
 * a single file or a folder of files with one entry point.
 */
import type { TestFileProblem } from "../../model";
import type { FormatHost } from "../host";
import type { FormatVersion } from "./problem-yaml";

/** Decides a file's runtime from its name; undefined for files no runtime runs (headers, data). */
export type RuntimeOf = (fileName: string) => string | undefined;

export interface PackageProgram {
  /** The entry file, relative to the package's folder. */
  entry: string;
  /** The folder holding it, relative to the package's folder (the program's own files). */
  folder: string;
}

export interface Submission extends PackageProgram {
  /** The submission as the package names it: `accepted/sol.py`, or `accepted/big` for a folder. */
  name: string;
  /** The folder under submissions/ it is in, which says what it must get. */
  expected: string;
}

/** Names an entry point takes when a folder holds several programs, in order of preference. */
const ENTRY_NAMES = ["validate", "validator", "output_validator", "checker", "check", "main", "solution", "sol"];

export async function findValidator(
  root: string,
  version: FormatVersion,
  host: FormatHost,
  runtimeOf: RuntimeOf,
): Promise<{ validator?: PackageProgram; problems: TestFileProblem[] }> {
  const problems: TestFileProblem[] = [];
  const folder = version === "legacy" ? "output_validators" : "output_validator";
  const files = await host.glob(root, `${folder}/**/*`);
  if (files.length === 0) return { problems };
  const fail = (message: string) =>
    problems.push({ path: host.join(root, folder), position: { line: 1, column: 1 }, message });
  if (version === "2025-09") {
    // One program: the folder itself.
    const entry = entryOf(files, folder, runtimeOf);
    if (typeof entry === "string") return { validator: { entry, folder }, problems };
    fail(entry.message);
    return { problems };
  }
  // Legacy: each file or folder directly in output_validators/ is a validator.
  const programs = groupPrograms(files, 2);
  if (programs.size > 1) {
    fail(
      `${programs.size} output validators (${[...programs.keys()].map((p) => p.slice(folder.length + 1)).join(", ")}): runno runs one`,
    );
    return { problems };
  }
  const [[program, members]] = [...programs];
  const entry =
    members.length === 1 && members[0] === program
      ? checkRunnable(program, runtimeOf)
      : entryOf(members, program, runtimeOf);
  if (typeof entry === "string")
    return { validator: { entry, folder: members[0] === program ? folder : program }, problems };
  fail(entry.message);
  return { problems };
}

/** Every submission under `submissions/`, a file or a folder directly in a verdict folder. */
export async function findSubmissions(
  root: string,
  host: FormatHost,
  runtimeOf: RuntimeOf,
): Promise<{ submissions: Submission[]; unrunnable: { name: string; reason: string }[] }> {
  const files = (await host.glob(root, "submissions/*/**/*")).filter((file) => !file.endsWith("/submissions.yaml"));
  const submissions: Submission[] = [];
  const unrunnable: { name: string; reason: string }[] = [];
  for (const [program, members] of groupPrograms(files, 3)) {
    const name = program.slice("submissions/".length);
    const expected = name.split("/")[0];
    const single = members.length === 1 && members[0] === program;
    const entry = single ? checkRunnable(program, runtimeOf) : entryOf(members, program, runtimeOf);
    if (typeof entry === "string")
      submissions.push({
        name,
        expected,
        entry,
        folder: single ? program.slice(0, program.lastIndexOf("/")) : program,
      });
    else unrunnable.push({ name, reason: entry.message });
  }
  return { submissions, unrunnable };
}

/** Files grouped by the program they belong to: the path's first `depth` parts. */
function groupPrograms(files: string[], depth: number): Map<string, string[]> {
  const programs = new Map<string, string[]>();
  for (const file of files) {
    const parts = file.split("/");
    if (parts.length < depth) continue;
    const program = parts.slice(0, depth).join("/");
    programs.set(program, [...(programs.get(program) ?? []), file]);
  }
  return programs;
}

function checkRunnable(file: string, runtimeOf: RuntimeOf): string | { message: string } {
  return runtimeOf(file) ? file : { message: `no runtime runs ${baseName(file)} (by its extension)` };
}

/** The entry point of a program folder: its one runnable file, else the one with a conventional name. */
function entryOf(files: string[], folder: string, runtimeOf: RuntimeOf): string | { message: string } {
  const runnable = files.filter((file) => file.slice(folder.length + 1).indexOf("/") === -1 && runtimeOf(file));
  if (runnable.length === 1) return runnable[0];
  if (runnable.length === 0) return { message: `${folder}/ holds no program runno can run (by file extension)` };
  const stem = (file: string) => baseName(file).replace(/\.[^.]*$/, "");
  for (const name of ENTRY_NAMES) {
    const found = runnable.filter((file) => stem(file) === name);
    if (found.length === 1) return found[0];
  }
  return {
    message: `${folder}/ holds several programs (${runnable.map(baseName).join(", ")}); name the entry point ${ENTRY_NAMES.slice(0, 3).join(" or ")}`,
  };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
