/**
 * The test data of a problem package: every `.in` under `data/sample` and `data/secret`
 * (groups nested to any depth) paired with its `.ans`, in the lexicographic order of their
 * names, as judges use them; with each group's settings (`test_group.yaml` in 2025-09,
 * `testdata.yaml` in the legacy format, inherited from the nearest folder that sets them)
 * and, in 2025-09, a case's own `NAME.yaml`.
 */
import type { TestFileProblem } from "../../model";
import { readIfExists, type FormatHost } from "../host";
import { isRecord, YamlConfig, type KeyPath } from "../yaml-config";
import type { FormatVersion } from "./problem-yaml";

export interface PackageCase {
  /** The path under `data/` without `.in` (`secret/group1/01`), as the format names a case. */
  name: string;
  /** Relative to the package's folder. */
  input: string;
  answer: string;
  /** Arguments of the program (2025-09 `args`). */
  args: string[];
  /** Arguments of the output validator from the group and case settings. */
  validatorArgs: string[];
}

export interface PackageData {
  cases: PackageCase[];
  problems: TestFileProblem[];
}

const TOP_GROUPS = ["sample", "secret"];
const GROUP_FILE: Record<FormatVersion, string> = { legacy: "testdata.yaml", "2025-09": "test_group.yaml" };
const LEGACY_GROUP_KEYS = [
  "on_reject",
  "grading",
  "grader_flags",
  "input_validator_flags",
  "output_validator_flags",
  "accept_score",
  "reject_score",
  "range",
];
const CURRENT_GROUP_KEYS = [
  "max_score",
  "score_aggregation",
  "static_validation_score",
  "require_pass",
  "args",
  "input_validator_args",
  "static_validator_args",
  "output_validator_args",
  "input_visualizer_args",
  "output_visualizer_args",
  "full_feedback",
];
const CURRENT_CASE_KEYS = [
  "args",
  "input_validator_args",
  "output_validator_args",
  "input_visualizer_args",
  "output_visualizer_args",
  "full_feedback",
  "hint",
  "description",
];

/** Settings a folder or case sets; undefined where it leaves them to its parent. */
interface Settings {
  args?: string[];
  validatorArgs?: string[];
}

export async function readPackageData(root: string, version: FormatVersion, host: FormatHost): Promise<PackageData> {
  const problems: TestFileProblem[] = [];
  const fail = (relative: string, message: string) =>
    problems.push({ path: host.join(root, relative), position: { line: 1, column: 1 }, message });
  const listed = await host.glob(root, "data/**/*");
  const files = new Set(listed);
  const cases: PackageCase[] = [];
  const groupSettings = new Map<string, Promise<Settings>>();
  const settingsOf = (folder: string): Promise<Settings> => {
    let settings = groupSettings.get(folder);
    if (!settings) groupSettings.set(folder, (settings = readGroupSettings(root, folder, version, host, problems)));
    return settings;
  };

  for (const file of listed) {
    const parts = file.split("/");
    if (!TOP_GROUPS.includes(parts[1]) || parts.length < 3) continue;
    if (file.endsWith(".ans") && !files.has(file.slice(0, -4) + ".in"))
      fail(file, `an answer without its input: no ${baseName(file.slice(0, -4))}.in next to it`);
    if (!file.endsWith(".in")) continue;
    const stem = file.slice(0, -3);
    const answer = stem + ".ans";
    if (!files.has(answer)) {
      fail(file, `an input without its answer: no ${baseName(stem)}.ans next to it`);
      continue;
    }
    // Nearest folder first: each setting comes from the closest folder that sets it.
    const chain: Settings[] = [];
    if (version === "2025-09" && files.has(stem + ".yaml"))
      chain.push(await readCaseSettings(root, stem + ".yaml", host, problems));
    for (let depth = parts.length - 1; depth >= 1; depth--)
      chain.push(await settingsOf(parts.slice(0, depth).join("/")));
    const args = chain.find((s) => s.args)?.args ?? [];
    const validatorArgs = chain.find((s) => s.validatorArgs)?.validatorArgs ?? [];
    cases.push({ name: stem.slice("data/".length), input: file, answer, args, validatorArgs });
  }
  if (cases.length === 0 && problems.length === 0) {
    problems.push({
      path: host.join(root, "data"),
      position: { line: 1, column: 1 },
      message: "a problem package with no test data: no .in files under data/sample or data/secret",
    });
  }
  // Judges take cases in the lexicographic order of their names (code points, not the locale's).
  cases.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { cases, problems };
}

async function readGroupSettings(
  root: string,
  folder: string,
  version: FormatVersion,
  host: FormatHost,
  problems: TestFileProblem[],
): Promise<Settings> {
  const relative = `${folder}/${GROUP_FILE[version]}`;
  const path = host.join(root, relative);
  const text = await readIfExists(host, path);
  if (text === undefined) return {};
  const yaml = YamlConfig.parse(path, text);
  const data = yaml.data ?? {};
  const settings: Settings = {};
  if (yaml.problems.length === 0 && !isRecord(data)) yaml.problem([], `${GROUP_FILE[version]} must be a mapping`);
  else if (isRecord(data)) {
    if (version === "legacy") {
      yaml.unknownKeys(data, [], LEGACY_GROUP_KEYS, GROUP_FILE[version]);
      const flags = data.output_validator_flags;
      // A string of flags, or { name, flags } naming one of several validators.
      const text = isRecord(flags) ? flags.flags : flags;
      if (typeof text === "string") settings.validatorArgs = splitFlags(text);
      else if (flags !== undefined)
        yaml.problem(["output_validator_flags"], "output_validator_flags is a string of flags, or { name, flags }");
    } else {
      yaml.unknownKeys(data, [], CURRENT_GROUP_KEYS, GROUP_FILE[version]);
      settings.args = stringList(yaml, data, ["args"]);
      settings.validatorArgs = stringList(yaml, data, ["output_validator_args"]);
    }
  }
  problems.push(...yaml.problems);
  return settings;
}

async function readCaseSettings(
  root: string,
  relative: string,
  host: FormatHost,
  problems: TestFileProblem[],
): Promise<Settings> {
  const path = host.join(root, relative);
  const yaml = YamlConfig.parse(path, await host.readText(path));
  const data = yaml.data ?? {};
  const settings: Settings = {};
  if (yaml.problems.length === 0 && !isRecord(data)) yaml.problem([], "a test case's .yaml must be a mapping");
  else if (isRecord(data)) {
    yaml.unknownKeys(data, [], CURRENT_CASE_KEYS, "a test case's .yaml");
    settings.args = stringList(yaml, data, ["args"]);
    settings.validatorArgs = stringList(yaml, data, ["output_validator_args"]);
  }
  problems.push(...yaml.problems);
  return settings;
}

function stringList(yaml: YamlConfig, data: Record<string, unknown>, path: KeyPath): string[] | undefined {
  const value = data[path[0] as string];
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number"))
    return value.map(String);
  yaml.problem(path, `${path[0]} is a list of strings, e.g. [float_tolerance, "1e-6"]`);
  return undefined;
}

export function splitFlags(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
