/**
 * A Kattis / ICPC problem package as a TestFile the runner runs: one solution against every
 * case of `data/sample` and `data/secret`, each input streamed in and its `.ans` compared
 * as the package says (the default output validator's tokens, with its flags; or the
 * package's own output validator, run as a Kattis checker), under the package's time limit
 * (`.timelimit`, else `limits.time_limit`) multiplied for the runtime.
 */
import type {
  CaseData,
  CheckerSpec,
  MatchMode,
  ParseResult,
  Span,
  TestCase,
  TestFile,
  TestFileProblem,
} from "../../model";
import type { RuntimeNames } from "../../parse";
import { readIfExists, type FormatHost } from "../host";
import { readPackageData, type PackageCase } from "./data";
import { parseProblemYaml, type ProblemConfig } from "./problem-yaml";
import { findValidator, type PackageProgram } from "./programs";
import { defaultValidatorOptions } from "./validator-flags";

const START: Span = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

export interface SolutionRef {
  /** The solution's host path: the TestFile's path, so reports and the Test Explorer name it. */
  path: string;
  /** The solution's file name (its entry, in its own folder). */
  entry: string;
  /** From the solution's folder to the package's, with a trailing slash or empty: `../../`. */
  toPackage: string;
  /** How the summary names it: `accepted/sol.py`, or the path as given. */
  label: string;
}

/** What a package holds, read once and shared by every solution run against it. */
export interface LoadedPackage {
  root: string;
  config: ProblemConfig;
  /** Its name for the summary: problem.yaml's `name`, else the folder's. */
  name: string;
  cases: PackageCase[];
  validator?: PackageProgram;
  /** The native time limit in ms and where it came from; undefined: the runner's default. */
  timeLimit?: { ms: number; from: ".timelimit" | "problem.yaml" };
  problems: TestFileProblem[];
}

export async function readProblemPackage(
  root: string,
  host: FormatHost,
  runtimes: RuntimeNames,
): Promise<LoadedPackage> {
  const yamlPath = host.join(root, "problem.yaml");
  const parsed = parseProblemYaml(yamlPath, await readIfExists(host, yamlPath));
  const folderName =
    root
      .replace(/[\\/]+$/, "")
      .split(/[\\/]/)
      .pop() ?? root;
  if (!parsed.ok)
    return {
      root,
      config: { version: "legacy", customValidation: false, validatorArgs: [] },
      name: folderName,
      cases: [],
      problems: parsed.problems,
    };
  const config = parsed.config;
  const problems: TestFileProblem[] = [];
  const data = await readPackageData(root, config.version, host);
  problems.push(...data.problems);
  const found = await findValidator(root, config.version, host, (name) => runtimes.forFile(name));
  problems.push(...found.problems);
  // 2025-09: a validator folder means custom validation; legacy: problem.yaml must say so.
  const validator = config.version === "2025-09" || config.customValidation ? found.validator : undefined;
  if (config.version === "legacy" && config.customValidation && !found.validator && found.problems.length === 0) {
    problems.push({
      path: yamlPath,
      position: START.start,
      message: "validation: custom, but output_validators/ holds no validator",
    });
  }
  const timeLimit = await readTimeLimit(root, config, host, problems);
  return { root, config, name: config.name ?? folderName, cases: data.cases, validator, timeLimit, problems };
}

/** The TestFile of one solution against a package read by readProblemPackage. */
export function packageTestFile(pkg: LoadedPackage, solution: SolutionRef, runtimes: RuntimeNames): ParseResult {
  if (pkg.problems.length > 0) return { ok: false, problems: pkg.problems };
  const at = (message: string): ParseResult => ({
    ok: false,
    problems: [{ path: solution.path, position: START.start, message }],
  });
  const runtime = runtimes.forFile(solution.entry);
  if (!runtime) return at(`cannot tell the runtime of the solution "${solution.entry}" from its extension`);
  let checker: CheckerSpec | undefined;
  if (pkg.validator) {
    const checkerRuntime = runtimes.forFile(pkg.validator.entry);
    if (!checkerRuntime) return at(`cannot tell the runtime of the output validator "${pkg.validator.entry}"`);
    checker = {
      entry: solution.toPackage + pkg.validator.entry,
      runtime: checkerRuntime,
      convention: "kattis",
      args: pkg.config.validatorArgs,
      span: START,
    };
  }
  const cases: TestCase[] = [];
  for (const packageCase of pkg.cases) {
    const match = matchOf(pkg, packageCase);
    if ("message" in match)
      return {
        ok: false,
        problems: [{ path: pkg.root, position: START.start, message: `${packageCase.name}: ${match.message}` }],
      };
    cases.push({
      name: packageCase.name,
      span: START,
      stdin: file(solution.toPackage + packageCase.input),
      stdout: file(solution.toPackage + packageCase.answer),
      args: packageCase.args,
      env: {},
      files: {},
      exitCode: 0,
      match: match.match,
      checkerArgs: pkg.validator ? [...pkg.config.validatorArgs, ...packageCase.validatorArgs] : undefined,
      skip: false,
      only: false,
      spans: {},
      generatedFrom: packageCase.input,
    });
  }
  const testFile: TestFile = {
    path: solution.path,
    entry: solution.entry,
    entrySpan: START,
    runtime,
    timeLimit: pkg.timeLimit ? { nativeMs: pkg.timeLimit.ms } : undefined,
    memoryMib: pkg.config.memoryMib,
    outputLimitMib: pkg.config.outputMib,
    checker,
    label: { problem: pkg.name, solution: solution.label },
    files: [],
    env: {},
    args: [],
    cases,
    generators: [],
  };
  return { ok: true, file: testFile };
}

/** The default output validator's comparison with the problem's and the case's flags. */
function matchOf(pkg: LoadedPackage, packageCase: PackageCase): { match: MatchMode } | { message: string } {
  // A custom validator decides; the match is not used then, but a case must have one.
  const flags = pkg.validator ? [] : [...pkg.config.validatorArgs, ...packageCase.validatorArgs];
  const options = defaultValidatorOptions(flags);
  return options.ok ? { match: { kind: "tokens", ...options.options } } : { message: options.message };
}

/** `.timelimit` (seconds, written by problemtools and DOMjudge), else 2025-09 `limits.time_limit`. */
async function readTimeLimit(
  root: string,
  config: ProblemConfig,
  host: FormatHost,
  problems: TestFileProblem[],
): Promise<LoadedPackage["timeLimit"]> {
  const path = host.join(root, ".timelimit");
  const text = await readIfExists(host, path);
  if (text !== undefined) {
    const seconds = Number(text.trim());
    if (Number.isFinite(seconds) && seconds > 0) return { ms: Math.round(seconds * 1000), from: ".timelimit" };
    problems.push({
      path,
      position: START.start,
      message: `.timelimit holds "${text.trim().slice(0, 40)}", not a number of seconds`,
    });
    return undefined;
  }
  return config.timeLimitS !== undefined
    ? { ms: Math.round(config.timeLimitS * 1000), from: "problem.yaml" }
    : undefined;
}

function file(path: string): CaseData {
  return { kind: "file", path };
}
