/**
 * `runno import`: a TestFile read from another format, written as the equivalent
 * `*.runno.yaml` next to its program. Every path in such a TestFile is already relative to
 * the program's folder, so it carries over as it is. Consecutive cases made from the files
 * of one folder with the same settings become one `cases:` entry.
 */
import { stringify } from "yaml";
import type { CaseData, MatchMode, TestCase, TestFile } from "../model";

export interface ImportedYaml {
  /** The YAML file's name, next to the program. */
  fileName: string;
  text: string;
  /** Settings the YAML format cannot say, for the user to hear about. */
  notes: string[];
}

export function testFileToYaml(file: TestFile, source: string): ImportedYaml {
  const notes: string[] = [];
  const doc: Record<string, unknown> = { entry: file.entry };
  if (file.timeLimit) doc.time_limit = file.timeLimit.nativeMs / 1000;
  if (file.timeoutMs !== undefined) doc.timeout = file.timeoutMs / 1000;
  if (file.memoryMib !== undefined) doc.memory = file.memoryMib;
  if (file.outputLimitMib !== undefined) doc.output_limit = file.outputLimitMib;
  const common = commonMatch(file.cases);
  if (common) doc.match = matchYaml(common);
  if (file.checker) {
    const checkerArgs = new Set(file.cases.map((c) => JSON.stringify(c.checkerArgs ?? file.checker!.args)));
    const args = checkerArgs.size === 1 ? (JSON.parse([...checkerArgs][0]) as string[]) : file.checker.args;
    if (checkerArgs.size > 1)
      notes.push(
        "the checker takes different arguments in different groups; the YAML gives it those of the problem only",
      );
    doc.checker = {
      entry: file.checker.entry,
      convention: file.checker.convention,
      ...(args.length > 0 ? { args } : {}),
    };
  }
  doc.tests = entries(file.cases, common);
  const stem = file.entry.replace(/\.[^.]*$/, "");
  const header = `# Imported by runno import from ${source}: the same cases, read in place.\n`;
  return { fileName: `${stem}.runno.yaml`, text: header + stringify(doc, { lineWidth: 0 }), notes };
}

function entries(cases: TestCase[], common: MatchMode | undefined): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let i = 0;
  while (i < cases.length) {
    const group = generatorRun(cases, i);
    if (group > 1) {
      const folder = folderOf(cases[i]);
      out.push({ cases: `${folder}*.in`, ...settings(cases[i], common) });
      i += group;
      continue;
    }
    const testCase = cases[i++];
    out.push({
      name: testCase.name,
      stdin: dataYaml(testCase.stdin),
      ...(testCase.stdout ? { stdout: dataYaml(testCase.stdout) } : {}),
      ...settings(testCase, common),
    });
  }
  return out;
}

/** How many cases from index `start` are every `.in` of one folder, in order, with one set of settings. */
function generatorRun(cases: TestCase[], start: number): number {
  const first = cases[start];
  if (!first.generatedFrom || first.stdin.kind !== "file") return 0;
  const folder = folderOf(first);
  const key = settingsKey(first);
  let end = start;
  while (end < cases.length) {
    const c = cases[end];
    if (!c.generatedFrom || c.stdin.kind !== "file" || folderOf(c) !== folder || settingsKey(c) !== key) break;
    end++;
  }
  return end - start;
}

/** The folder of a case's input file, relative to the program's, with its trailing slash. */
function folderOf(testCase: TestCase): string {
  const path = testCase.stdin.kind === "file" ? testCase.stdin.path : "";
  return path.slice(0, path.lastIndexOf("/") + 1);
}

function settingsKey(testCase: TestCase): string {
  return JSON.stringify([testCase.match, testCase.args, testCase.checkerArgs, testCase.timeoutMs, testCase.points]);
}

function settings(testCase: TestCase, common: MatchMode | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!common || JSON.stringify(common) !== JSON.stringify(testCase.match)) out.match = matchYaml(testCase.match);
  if (testCase.args.length > 0) out.args = testCase.args;
  if (testCase.timeoutMs !== undefined) out.timeout = testCase.timeoutMs / 1000;
  if (testCase.points !== undefined) out.points = testCase.points;
  return out;
}

function commonMatch(cases: TestCase[]): MatchMode | undefined {
  const kinds = new Set(cases.map((c) => JSON.stringify(c.match)));
  return kinds.size === 1 ? cases[0].match : undefined;
}

function matchYaml(match: MatchMode): unknown {
  if (match.kind === "numeric") return { numeric: match.tolerance };
  if (match.kind !== "tokens") return match.kind;
  const options: Record<string, unknown> = {};
  if (match.caseSensitive) options.case_sensitive = true;
  if (match.spaceChangeSensitive) options.space_change_sensitive = true;
  if (match.absoluteTolerance !== undefined && match.absoluteTolerance === match.relativeTolerance)
    options.float_tolerance = match.absoluteTolerance;
  else {
    if (match.absoluteTolerance !== undefined) options.float_absolute_tolerance = match.absoluteTolerance;
    if (match.relativeTolerance !== undefined) options.float_relative_tolerance = match.relativeTolerance;
  }
  return Object.keys(options).length === 0 ? "tokens" : { tokens: options };
}

function dataYaml(data: CaseData): unknown {
  return data.kind === "file" ? { file: data.path } : data.text;
}
