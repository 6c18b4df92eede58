/**
 * Finds the test data of other tools under a folder, read in place: Kattis / ICPC problem
 * packages, folders of .in/.out pairs next to a program, cph `.prob` files, GitHub Classroom
 * autograding. Each becomes a TestSource: a path (the program run, as reports name it) and
 * how to load its TestFile, so the runner reads and runs them as it does YAML test files.
 */
import type { ParseResult, TestFileProblem } from "../model";
import type { RuntimeNames } from "../parse";
import { parseAutogradingJson, parseClassroomWorkflow, type ClassroomTest } from "./classroom";
import { parseCphProblem } from "./cph";
import { readIfExists, type FormatHost } from "./host";
import { readInOutFolder } from "./inout";
import { expectationOf, knownFolders } from "./kattis/expectations";
import { packageTestFile, readProblemPackage, type LoadedPackage } from "./kattis/package";
import { findSubmissions } from "./kattis/programs";
import { parseSubmissionsYaml, SUBMISSIONS_YAML, type ScopedExpectation } from "./kattis/submissions-yaml";
import { classroomTestFile, cphTestFile, inOutTestFile } from "./test-files";

export interface TestSource {
  /** The program's host path: the test file's path in reports. */
  path: string;
  load(): Promise<ParseResult>;
}

/** A submission run by --submissions, with what it must get: its folder's rule and submissions.yaml's. */
export interface SubmissionSource extends TestSource {
  problem: string;
  name: string;
  expected: string;
  expectations: ScopedExpectation[];
}

export interface SourceOptions {
  /** Run this program (a host path) against every package and .in/.out folder found. */
  solution?: string;
  /** Run every submission of every package found, each checked against its folder's rule. */
  submissions?: boolean;
  /** The editor's view: a package's own programs and its submissions, each a test file. */
  everything?: boolean;
}

export interface FoundSources {
  sources: TestSource[];
  submissions: SubmissionSource[];
  /** Submissions no runtime runs (a note, not a failure). */
  notRun: { problem: string; name: string; reason: string }[];
}

const SKIP = /(^|\/)(node_modules|\.git|\.venv|__pycache__)\//;

/** Problem package roots under `root` (relative, "" for `root` itself): folders with problem.yaml or data/sample|secret inputs. */
export async function findPackageRoots(root: string, host: FormatHost): Promise<string[]> {
  const roots = new Set<string>();
  for (const file of await host.glob(root, "**/problem.yaml")) if (!SKIP.test(file)) roots.add(parentOf(file));
  for (const file of await host.glob(root, "**/data/{sample,secret}/**/*.in")) {
    if (SKIP.test(file)) continue;
    const index = file.startsWith("data/")
      ? 0
      : file.lastIndexOf("/data/", file.search(/\/data\/(sample|secret)\//)) + 1;
    roots.add(file.slice(0, Math.max(0, index - 1)));
  }
  // A package inside another's folders (a copy under submissions/) is the outer one's business.
  const sorted = [...roots].sort();
  return sorted.filter((r) => !sorted.some((outer) => outer !== r && (outer === "" || r.startsWith(outer + "/"))));
}

/** Everything under `root` (a folder) but YAML test files, which the runner reads itself. */
export async function findFormatSources(
  root: string,
  host: FormatHost,
  runtimes: RuntimeNames,
  options: SourceOptions,
): Promise<FoundSources> {
  const found: FoundSources = { sources: [], submissions: [], notRun: [] };
  const packages = await findPackageRoots(root, host);
  const inPackage = (file: string) => packages.some((p) => p === "" || file.startsWith(p + "/"));
  for (const relative of packages) await addPackage(join(host, root, relative), host, runtimes, options, found);
  if (options.submissions) return found;

  // Folders of .in/.out pairs outside packages.
  const folders = new Set(
    (await host.glob(root, "**/*.in")).filter((f) => !SKIP.test(f) && !inPackage(f)).map(parentOf),
  );
  // Data under a YAML test file's folder is usually its `cases:` data, not a program's tests of its own.
  const testFileFolders = (await host.glob(root, "**/*.runno.{yaml,yml}")).filter((f) => !SKIP.test(f)).map(parentOf);
  const underTestFile = (folder: string) =>
    testFileFolders.some((t) => t === "" || folder === t || folder.startsWith(t + "/"));
  for (const folder of [...folders].sort()) {
    const source = await inOutSource(join(host, root, folder), host, runtimes, options.solution, underTestFile(folder));
    if (source) found.sources.push(source);
  }
  if (options.solution) return found;

  for (const prob of await host.glob(root, "**/.cph/{.,}*.prob")) {
    if (!SKIP.test(prob)) found.sources.push(...(await cphSources(host.join(root, prob), host, runtimes)));
  }
  // Classroom's workflow is what GitHub runs today; autograding.json is its older form.
  const workflows = (await host.glob(root, "**/.github/workflows/classroom.yml")).filter((f) => !SKIP.test(f));
  const jsons = (await host.glob(root, "**/.github/classroom/autograding.json")).filter((f) => !SKIP.test(f));
  const repos = new Map<string, string>();
  for (const file of [...jsons, ...workflows]) repos.set(file.slice(0, file.indexOf(".github/")), file);
  for (const [repo, file] of [...repos].sort())
    found.sources.push(
      ...(await classroomSources(join(host, root, repo.replace(/\/$/, "")), host.join(root, file), host, runtimes)),
    );
  return found;
}

/** The sources of one file named on the command line that is not a YAML test file; undefined when it is none of ours. */
export async function fileSources(
  path: string,
  host: FormatHost,
  runtimes: RuntimeNames,
  options: SourceOptions,
): Promise<FoundSources | undefined> {
  const found: FoundSources = { sources: [], submissions: [], notRun: [] };
  const name = path.split(/[\\/]/).pop()!;
  if (name === "problem.yaml") await addPackage(host.dirname(path), host, runtimes, options, found);
  else if (name.endsWith(".prob")) found.sources.push(...(await cphSources(path, host, runtimes)));
  else if (name === "autograding.json" || name === "classroom.yml") {
    const repo = host.dirname(host.dirname(host.dirname(path)));
    found.sources.push(...(await classroomSources(repo, path, host, runtimes)));
  } else return undefined;
  return found;
}

async function addPackage(
  root: string,
  host: FormatHost,
  runtimes: RuntimeNames,
  options: SourceOptions,
  found: FoundSources,
): Promise<void> {
  let loaded: Promise<LoadedPackage> | undefined;
  const pkg = () => (loaded ??= readProblemPackage(root, host, runtimes));
  if (options.solution !== undefined) {
    const solution = options.solution;
    const entry = solution.split(/[\\/]/).pop()!;
    const toPackage = withSlash(host.relative(host.dirname(solution), root));
    found.sources.push({
      path: solution,
      load: async () => packageTestFile(await pkg(), { path: solution, entry, toPackage, label: entry }, runtimes),
    });
    return;
  }
  if (options.submissions || options.everything) {
    const { submissions, unrunnable } = await findSubmissions(root, host, (name) => runtimes.forFile(name));
    if (options.everything && submissions.length === 0) return addPackage(root, host, runtimes, {}, found);
    if (options.everything) await addRootPrograms(root, host, runtimes, pkg, found, false);
    const loadedPackage = await pkg();
    const version = loadedPackage.config.version;
    if (loadedPackage.problems.length > 0 || submissions.length === 0) {
      const problems: TestFileProblem[] =
        loadedPackage.problems.length > 0
          ? loadedPackage.problems
          : [
              {
                path: host.join(root, "submissions"),
                position: { line: 1, column: 1 },
                message: "no submissions to run: put them in submissions/accepted/, submissions/wrong_answer/, ...",
              },
            ];
      found.sources.push({ path: root, load: async () => ({ ok: false, problems }) });
      return;
    }
    // 2025-09: submissions.yaml adds rules by glob (the legacy format has no such file).
    const rulesPath = host.join(root, SUBMISSIONS_YAML);
    const rulesText = version === "2025-09" ? await readIfExists(host, rulesPath) : undefined;
    const rules = rulesText === undefined ? undefined : parseSubmissionsYaml(rulesPath, rulesText);
    if (rules && rules.problems.length > 0) {
      found.sources.push({ path: rulesPath, load: async () => ({ ok: false, problems: rules.problems }) });
      return;
    }
    for (const submission of submissions) {
      const path = host.join(root, submission.entry);
      const inFolder = submission.entry.slice(0, submission.entry.lastIndexOf("/"));
      const toPackage = "../".repeat(inFolder.split("/").length);
      const entry = submission.entry.slice(inFolder.length + 1);
      const folderRule = expectationOf(version, submission.expected);
      const expectations = [
        ...(folderRule ? [folderRule] : []),
        ...(rules?.rules.expectationsOf(submission.name) ?? []),
      ];
      if (expectations.length === 0) {
        found.notRun.push({
          problem: loadedPackage.name,
          name: submission.name,
          reason: `submissions/${submission.expected}/ is not a verdict folder of the ${version} format (${knownFolders(version).join(", ")})${version === "2025-09" ? " and no glob of submissions.yaml matches it" : ""}`,
        });
        continue;
      }
      found.submissions.push({
        path,
        problem: loadedPackage.name,
        name: submission.name,
        expected: submission.expected,
        expectations,
        load: async () => packageTestFile(loadedPackage, { path, entry, toPackage, label: submission.name }, runtimes),
      });
    }
    found.notRun.push(...unrunnable.map((u) => ({ problem: loadedPackage.name, ...u })));
    found.sources.push(...found.submissions);
    return;
  }
  await addRootPrograms(root, host, runtimes, pkg, found, true);
}

/** The programs in a package's own folder, as solutions (a student's attempt); `required`: say so when there are none. */
async function addRootPrograms(
  root: string,
  host: FormatHost,
  runtimes: RuntimeNames,
  pkg: () => Promise<LoadedPackage>,
  found: FoundSources,
  required: boolean,
): Promise<void> {
  const programs = (await host.glob(root, "*")).filter((file) => runtimes.forFile(file));
  if (programs.length === 0 && required) {
    const message =
      "a problem package: run a program against it with --solution FILE, or its submissions with --submissions";
    found.sources.push({
      path: root,
      load: async () => ({ ok: false, problems: [{ path: root, position: { line: 1, column: 1 }, message }] }),
    });
    return;
  }
  for (const program of programs) {
    const path = host.join(root, program);
    found.sources.push({
      path,
      load: async () => packageTestFile(await pkg(), { path, entry: program, toPackage: "", label: program }, runtimes),
    });
  }
}

async function inOutSource(
  folder: string,
  host: FormatHost,
  runtimes: RuntimeNames,
  solution: string | undefined,
  underTestFile = false,
): Promise<TestSource | undefined> {
  const read = await readInOutFolder(folder, host, (name) => runtimes.forFile(name));
  // Without a single pair it is not a folder of tests (autotools' Makefile.in, config.h.in).
  if (read.cases.length === 0) return undefined;
  // With no program of its own beside a YAML test file, it is that file's data (`cases: data/*.in`).
  if (read.programs.length === 0 && solution === undefined && underTestFile) return undefined;
  const problem =
    folder
      .replace(/[\\/]+$/, "")
      .split(/[\\/]/)
      .pop() ?? folder;
  const invalid = (path: string, message: string): TestSource => ({
    path,
    load: async () => ({ ok: false, problems: [{ path, position: { line: 1, column: 1 }, message }] }),
  });
  if (read.problems.length > 0) return { path: folder, load: async () => ({ ok: false, problems: read.problems }) };
  if (solution !== undefined) {
    const entry = solution.split(/[\\/]/).pop()!;
    const toFolder = withSlash(host.relative(host.dirname(solution), folder));
    const cases = read.cases.map((c) => ({ ...c, input: toFolder + c.input, answer: toFolder + c.answer }));
    return { path: solution, load: async () => inOutTestFile({ path: solution, entry, problem }, cases, runtimes) };
  }
  if (read.programs.length === 0)
    return invalid(
      folder,
      "tests (.in with .out or .ans) but no program next to them: add one, or give --solution FILE",
    );
  if (read.programs.length > 1)
    return invalid(
      folder,
      `several programs next to the tests (${read.programs.join(", ")}): pick one with --solution FILE`,
    );
  const path = host.join(folder, read.programs[0]);
  return { path, load: async () => inOutTestFile({ path, entry: read.programs[0], problem }, read.cases, runtimes) };
}

async function cphSources(probPath: string, host: FormatHost, runtimes: RuntimeNames): Promise<TestSource[]> {
  const parsed = parseCphProblem(probPath, await host.readText(probPath));
  if (!parsed.ok) return [{ path: probPath, load: async () => parsed }];
  const folder = host.dirname(host.dirname(probPath));
  const path = host.join(folder, parsed.problem.program);
  return [
    {
      path,
      load: async () =>
        cphTestFile(
          { path, entry: parsed.problem.program, problem: parsed.problem.name ?? parsed.problem.program },
          parsed.problem,
          runtimes,
        ),
    },
  ];
}

async function classroomSources(
  repo: string,
  file: string,
  host: FormatHost,
  runtimes: RuntimeNames,
): Promise<TestSource[]> {
  const programs = new Set((await host.glob(repo, "**/*")).filter((f) => !SKIP.test(f) && runtimes.forFile(f)));
  const isProgram = (path: string) => programs.has(path);
  const text = await host.readText(file);
  const read = file.endsWith(".json")
    ? parseAutogradingJson(file, text, isProgram)
    : parseClassroomWorkflow(file, text, isProgram);
  if (read.problems.length > 0) return [{ path: file, load: async () => ({ ok: false, problems: read.problems }) }];
  const byEntry = new Map<string, ClassroomTest[]>();
  for (const test of read.tests) byEntry.set(test.entry, [...(byEntry.get(test.entry) ?? []), test]);
  const problem =
    repo
      .replace(/[\\/]+$/, "")
      .split(/[\\/]/)
      .pop() ?? repo;
  return [...byEntry].map(([entry, tests]) => {
    const path = host.join(repo, entry);
    const name = entry.split("/").pop()!;
    const inFolder = entry.slice(0, entry.length - name.length);
    // The program's folder is its sandbox root, as Classroom runs commands from the repository's root.
    return {
      path,
      load: async () =>
        classroomTestFile(
          { path, entry: name, problem },
          tests.map((t) => ({ ...t, entry: inFolder ? name : t.entry })),
          runtimes,
        ),
    };
  });
}

function parentOf(file: string): string {
  const index = file.lastIndexOf("/");
  return index < 0 ? "" : file.slice(0, index);
}

function join(host: FormatHost, root: string, relative: string): string {
  return relative === "" ? root : host.join(root, relative);
}

function withSlash(relative: string): string {
  return relative === "" || relative.endsWith("/") ? relative : relative + "/";
}
