/**
 * Test data of other formats in the workspace, read in place for the Test Explorer: problem
 * packages (each program in a package's folder, and each of its submissions, against its
 * cases), folders of .in/.out pairs, cph problems, GitHub Classroom tests. Loaded into the
 * TestFiles the runner runs; the items are made by ExerciseChecks as for YAML files.
 */
import * as vscode from "vscode";
import { type ParseResult, type TestFile, type RuntimeNames, findFormatSources, type TestSource } from "../../testing";
import { vscodeFormatHost } from "./vscode-format-host";

/** Files whose change can change what the formats hold: rediscover when one does. */
export const FORMAT_WATCH_GLOB =
  "**/{problem.yaml,.timelimit,test_group.yaml,testdata.yaml,*.in,*.ans,*.out,*.prob,autograding.json,classroom.yml}";

export interface LoadedFormatFile {
  /** The program's URI as a string: the item's id and the TestFile's path. */
  path: string;
  result: ParseResult;
}

/** Every format test file in the workspace's folders, with the submissions of problem packages too. */
export async function discoverFormatFiles(runtimes: RuntimeNames): Promise<LoadedFormatFile[]> {
  const sources: TestSource[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = folder.uri.toString();
    // A problem author wants each example submission in the tree as well as their own attempt.
    sources.push(...(await findFormatSources(root, vscodeFormatHost, runtimes, { everything: true })).sources);
  }
  return Promise.all(sources.map(async (source) => ({ path: source.path, result: await source.load() })));
}

/** The item label of a format test file: the problem, then the program's workspace path. */
export function formatItemLabel(file: TestFile): string {
  const path = vscode.workspace.asRelativePath(vscode.Uri.parse(file.path));
  return file.label?.problem ? `${file.label.problem}: ${path}` : path;
}
