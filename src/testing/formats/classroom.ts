/**
 * GitHub Classroom autograding tests, read where Classroom keeps them: the tests of
 * `.github/classroom/autograding.json` and the `autograding-io-grader` and
 * `autograding-command-grader` steps of `.github/workflows/classroom.yml`. Classroom runs
 * shell commands; runno runs programs, so each test's command must name the program file it
 * runs (`python3 main.py`, `gcc hello.c -o hello && ./hello`).
 */
import type { TestFileProblem } from "../model";
import { isRecord, YamlConfig } from "./yaml-config";

export type ClassroomComparison = "exact" | "included" | "regex";

export interface ClassroomTest {
  name: string;
  /** The program the command runs, relative to the repository's root. */
  entry: string;
  /** Undefined: no input. */
  input?: string;
  /** Undefined: only the exit status counts (a command test). */
  output?: string;
  comparison: ClassroomComparison;
  timeoutMs?: number;
  points?: number;
  /** 1-based position of the test in its file, for messages and the editor. */
  position: { line: number; column: number };
}

export interface ClassroomTests {
  tests: ClassroomTest[];
  problems: TestFileProblem[];
}

/** The grader actions read from a workflow, by the start of their `uses:`. */
const IO_GRADER = "classroom-resources/autograding-io-grader@";
const COMMAND_GRADER = "classroom-resources/autograding-command-grader@";
const COMPARISONS: ClassroomComparison[] = ["exact", "included", "regex"];
const JSON_TEST_KEYS = ["name", "setup", "run", "input", "output", "comparison", "timeout", "points"];

/** Whether a path (relative to the repository root) is a program file a runtime runs. */
export type IsProgram = (path: string) => boolean;

export function parseAutogradingJson(path: string, text: string, isProgram: IsProgram): ClassroomTests {
  const problems: TestFileProblem[] = [];
  const fail = (message: string) => problems.push({ path, position: { line: 1, column: 1 }, message });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    fail(`not valid JSON: ${error instanceof Error ? error.message : error}`);
    return { tests: [], problems };
  }
  if (!isRecord(data) || !Array.isArray(data.tests)) {
    fail('not a Classroom autograding file: expected { "tests": [...] }');
    return { tests: [], problems };
  }
  const tests: ClassroomTest[] = [];
  const lines = text.split("\n");
  data.tests.forEach((raw: unknown, index: number) => {
    const label = `test ${index + 1}`;
    if (!isRecord(raw)) return fail(`${label} is not an object`);
    // JSON has no positions in JSON.parse: find the test's name in the text.
    const position = positionOf(lines, typeof raw.name === "string" ? JSON.stringify(raw.name) : undefined);
    const at = (message: string) => problems.push({ path, position, message });
    for (const key of Object.keys(raw))
      if (!JSON_TEST_KEYS.includes(key)) at(`${label}: unknown key "${key}" (known: ${JSON_TEST_KEYS.join(", ")})`);
    const test = classroomTest(
      raw.name,
      raw.run,
      raw.input,
      raw.output,
      raw.comparison,
      raw.timeout,
      raw.points,
      label,
      position,
      isProgram,
      at,
    );
    if (test) tests.push(test);
  });
  if (data.tests.length === 0) fail("the autograding file has no tests");
  return { tests, problems };
}

export function parseClassroomWorkflow(path: string, text: string, isProgram: IsProgram): ClassroomTests {
  const yaml = YamlConfig.parse(path, text);
  const tests: ClassroomTest[] = [];
  if (yaml.problems.length > 0 || !isRecord(yaml.data) || !isRecord(yaml.data.jobs)) {
    if (yaml.problems.length === 0) yaml.problem([], "not a GitHub Actions workflow: no jobs");
    return { tests, problems: yaml.problems };
  }
  for (const [job, body] of Object.entries(yaml.data.jobs)) {
    if (!isRecord(body) || !Array.isArray(body.steps)) continue;
    body.steps.forEach((step: unknown, index: number) => {
      if (!isRecord(step) || typeof step.uses !== "string") return;
      const io = step.uses.startsWith(IO_GRADER);
      if (!io && !step.uses.startsWith(COMMAND_GRADER)) return;
      const at = ["jobs", job, "steps", index];
      const w = isRecord(step.with) ? step.with : {};
      const position = yaml.position(at);
      const label = `step ${typeof step.name === "string" ? `"${step.name}"` : index + 1}`;
      const test = classroomTest(
        w["test-name"] ?? step.name ?? step.id,
        w.command,
        io ? w.input : undefined,
        io ? w["expected-output"] : undefined,
        io ? w["comparison-method"] : "exact",
        w.timeout,
        w["max-score"],
        label,
        position,
        isProgram,
        (message) => yaml.problem(at, message),
      );
      if (test) tests.push(test);
    });
  }
  if (tests.length === 0 && yaml.problems.length === 0)
    yaml.problem([], `no ${IO_GRADER.slice(0, -1)} or ${COMMAND_GRADER.slice(0, -1)} steps`);
  return { tests, problems: yaml.problems };
}

function classroomTest(
  name: unknown,
  run: unknown,
  input: unknown,
  output: unknown,
  comparison: unknown,
  timeout: unknown,
  points: unknown,
  label: string,
  position: ClassroomTest["position"],
  isProgram: IsProgram,
  problem: (message: string) => void,
): ClassroomTest | undefined {
  if (typeof name !== "string" || name === "") return void problem(`${label} has no name`);
  if (typeof run !== "string" || run.trim() === "") return void problem(`test "${name}" has no command to run`);
  const entry = programOf(run, isProgram);
  if (typeof entry !== "string") return void problem(`test "${name}": ${entry.message}`);
  const kind = comparison ?? "included";
  if (typeof kind !== "string" || !COMPARISONS.includes(kind as ClassroomComparison))
    return void problem(`test "${name}": comparison is one of ${COMPARISONS.join(", ")}, not "${String(kind)}"`);
  const minutes = timeout === undefined || timeout === "" ? undefined : Number(timeout);
  if (minutes !== undefined && !(minutes > 0)) return void problem(`test "${name}": timeout is a number of minutes`);
  const score = points === undefined || points === "" ? undefined : Number(points);
  if (score !== undefined && !(score >= 0))
    return void problem(`test "${name}": points must be a number of at least 0`);
  return {
    name,
    entry,
    input: typeof input === "string" && input !== "" ? input : undefined,
    output: typeof output === "string" && output !== "" ? output : undefined,
    comparison: kind as ClassroomComparison,
    timeoutMs: minutes === undefined ? undefined : Math.round(minutes * 60_000),
    points: score,
    position,
  };
}

/**
 * The program file a shell command runs: the one word of it (`cd` folders applied) that is
 * a program file of the repository, leaving out what the command writes (`-o hello`).
 */
export function programOf(command: string, isProgram: IsProgram): string | { message: string } {
  const words = command.split(/\s+|(?=&&|;|\|\|?)|(?<=&&|;|\|)/).filter(Boolean);
  const found = new Set<string>();
  let folder = "";
  for (let i = 0; i < words.length; i++) {
    const word = words[i].replace(/^["']|["']$/g, "");
    if (word === "cd" && words[i + 1]) {
      folder = joinFolder(folder, words[++i].replace(/^["']|["']$/g, ""));
      continue;
    }
    if (word === "-o" || word.startsWith("-")) {
      if (word === "-o") i++;
      continue;
    }
    const path = joinFolder(folder, word.replace(/^\.\//, ""));
    if (isProgram(path)) found.add(path);
  }
  if (found.size === 1) return [...found][0];
  if (found.size === 0)
    return {
      message: `cannot tell which program "${command}" runs: runno runs a program file of the repository (e.g. "python3 main.py")`,
    };
  return { message: `"${command}" names several programs (${[...found].join(", ")}); runno runs one program per test` };
}

function joinFolder(folder: string, path: string): string {
  const parts = folder ? folder.split("/") : [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

function positionOf(lines: string[], needle: string | undefined): ClassroomTest["position"] {
  if (needle) {
    for (let i = 0; i < lines.length; i++) {
      const column = lines[i].indexOf(needle);
      if (column >= 0) return { line: i + 1, column: column + 1 };
    }
  }
  return { line: 1, column: 1 };
}
