/**
 * Exercise checks in the Test Explorer: a TestController over the `*.runno.yaml` files of
 * the workspace (kept up to date as they change), with Run and continuous-run profiles,
 * problems of invalid files in the Problems panel, and a way to start a run from the
 * extension itself, which VS Code does not hold back in Restricted Mode.
 */
import * as vscode from "vscode";
import type { Engine } from "../../engine";
import {
  type FileResult,
  type TestFile,
  parseTestFile,
  runtimeNamesOf,
  TEST_FILE_PATTERN,
  TEST_GLOB,
  expandCases,
  runTestFiles,
} from "../../testing";
import { pointRange, toRange } from "../convert";
import { documentText } from "../workspace-files";
import { reportCase } from "./results";
import { discoverFormatFiles, FORMAT_WATCH_GLOB, formatItemLabel } from "./format-files";
import { caseId, itemData, setItemData } from "./test-tree";
import { VscodeTestHost } from "./vscode-test-host";

/** Bytes of a case's stdout (and of its stderr) shown in the Test Results view. */
const MAX_SHOWN_OUTPUT = 64 * 1024;

interface Selected {
  uri: vscode.Uri;
  /** The whole file was asked for. */
  all: boolean;
  /** Cases asked for one by one. */
  names: Set<string>;
  excluded: Set<string>;
}

export class ExerciseChecks implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController("runno", "Runno Exercise Checks");
  private readonly diagnostics = vscode.languages.createDiagnosticCollection("runno");
  private readonly disposables: vscode.Disposable[] = [];
  private readonly parsed = new Map<string, TestFile>();
  /** Test files of other formats (problem packages, .in/.out folders, cph, Classroom), by program URI. */
  private readonly built = new Map<string, TestFile>();
  private formatsFound: Promise<void> | undefined;
  /** Files holding problems of other formats, cleared when they are read again. */
  private readonly formatDiagnostics = new Set<string>();
  private readonly formatItems = new Set<string>();
  private discovered: Promise<void> | undefined;

  constructor(
    private readonly engine: () => Engine,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discoverAll();
    };
    this.controller.refreshHandler = async () => {
      this.discovered = undefined;
      await this.discoverAll();
    };
    const handler = async (request: vscode.TestRunRequest, token: vscode.CancellationToken) => {
      await this.runHandler(request, token);
    };
    this.controller.createRunProfile("Run", vscode.TestRunProfileKind.Run, handler, true, undefined, true);

    const watcher = vscode.workspace.createFileSystemWatcher(TEST_GLOB);
    watcher.onDidCreate((uri) => this.refresh(uri));
    watcher.onDidChange((uri) => this.refresh(uri));
    watcher.onDidDelete((uri) => this.remove(uri));
    // Other formats: any change to their files rediscovers them all (cheap: names, small files).
    const formatWatcher = vscode.workspace.createFileSystemWatcher(FORMAT_WATCH_GLOB);
    const rediscover = () => void (this.formatsFound = this.discoverFormats());
    const dataCameOrWent = (uri: vscode.Uri) => {
      rediscover();
      this.refreshTestFilesAbove(uri);
    };
    formatWatcher.onDidCreate(dataCameOrWent);
    formatWatcher.onDidChange(rediscover);
    formatWatcher.onDidDelete(dataCameOrWent);
    this.disposables.push(
      formatWatcher,
      watcher,
      vscode.workspace.onDidChangeTextDocument((event) => {
        // No content change (a save, a dirty-state flip): nothing to parse again.
        if (event.contentChanges.length === 0) return;
        if (TEST_FILE_PATTERN.test(event.document.uri.path)) this.refresh(event.document.uri, event.document.getText());
      }),
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (TEST_FILE_PATTERN.test(document.uri.path)) this.refresh(document.uri, document.getText());
      }),
    );
  }

  /** "Run Exercise Checks": every check, or those of one test file, started by the extension. */
  async runChecks(uri?: vscode.Uri): Promise<void> {
    await this.discoverAll();
    let include: vscode.TestItem[] | undefined;
    if (uri) {
      if (!TEST_FILE_PATTERN.test(uri.path)) {
        void vscode.window.showErrorMessage(
          "Runno: open a *.runno.yaml file to run its checks, or run all checks from the Command Palette.",
        );
        return;
      }
      await this.refresh(uri);
      const item = this.controller.items.get(uri.toString());
      if (!item) return;
      include = [item];
    }
    if (this.controller.items.size === 0) {
      void vscode.window.showInformationMessage("Runno: no exercise checks (*.runno.yaml files) in this workspace.");
      return;
    }
    const source = new vscode.CancellationTokenSource();
    try {
      const summary = await this.runHandler(new vscode.TestRunRequest(include), source.token);
      if (summary) {
        const text = `Exercise checks: ${summary.passed} passed, ${summary.failed} failed${summary.invalid ? `, ${summary.invalid} invalid test file(s)` : ""}.`;
        const show = "Show Results";
        const pick = await (summary.failed + summary.invalid > 0
          ? vscode.window.showWarningMessage(text, show)
          : vscode.window.showInformationMessage(text, show));
        if (pick === show) void vscode.commands.executeCommand("workbench.view.testing.focus");
      }
    } finally {
      source.dispose();
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.diagnostics.dispose();
    this.controller.dispose();
  }

  private discoverAll(): Promise<void> {
    this.discovered ??= (async () => {
      const uris = await vscode.workspace.findFiles(TEST_GLOB, "**/node_modules/**");
      await Promise.all(uris.map((uri) => this.refresh(uri)));
      await (this.formatsFound ??= this.discoverFormats());
    })();
    return this.discovered;
  }

  /** Items for the test data of other formats, read in place; invalid ones show their problems. */
  private async discoverFormats(): Promise<void> {
    let loaded;
    try {
      loaded = await discoverFormatFiles(runtimeNamesOf(this.engine()));
    } catch (error) {
      this.log.warn(
        `could not look for problem packages and other test data: ${error instanceof Error ? error.message : error}`,
      );
      return;
    }
    // Items of test data that is gone go too, valid or not.
    for (const key of this.formatItems) if (!loaded.some((l) => l.path === key)) this.remove(vscode.Uri.parse(key));
    this.formatItems.clear();
    this.built.clear();
    for (const key of this.formatDiagnostics) this.diagnostics.delete(vscode.Uri.parse(key));
    this.formatDiagnostics.clear();
    for (const { path, result } of loaded) {
      const uri = vscode.Uri.parse(path);
      const file = this.fileItem(uri);
      this.formatItems.add(path);
      if (!result.ok) {
        file.error = new vscode.MarkdownString(
          result.problems
            .map((p) => `${vscode.workspace.asRelativePath(vscode.Uri.parse(p.path))}: ${p.message}`)
            .join("\n\n"),
        );
        // In the Problems panel too, on the file each names (problem.yaml, a lone .in).
        for (const problem of result.problems) {
          const at = vscode.Uri.parse(problem.path);
          this.formatDiagnostics.add(problem.path);
          this.diagnostics.set(at, [
            ...(this.diagnostics.get(at) ?? []).filter((d) => d.message !== problem.message),
            diagnostic(pointRange(problem.position), problem.message),
          ]);
        }
        continue;
      }
      file.error = undefined;
      file.label = formatItemLabel(result.file);
      this.built.set(path, result.file);
      file.children.replace(
        result.file.cases.map((testCase) => {
          const item = this.controller.createTestItem(caseId(path, testCase.name), testCase.name, uri);
          setItemData(item, { kind: "case", uri, name: testCase.name });
          return item;
        }),
      );
    }
  }

  /** Re-reads one test file and rebuilds its items and problems. */
  private async refresh(uri: vscode.Uri, text?: string): Promise<void> {
    if (text === undefined) {
      try {
        text = await documentText(uri);
      } catch {
        return this.remove(uri);
      }
    }
    const parsed = parseTestFile(uri.toString(), text, runtimeNamesOf(this.engine()));
    // `cases:` entries become one item per input file, as they will run.
    const result = parsed.ok
      ? await expandCases(parsed.file, new VscodeTestHost((message) => this.log.warn(message)))
      : undefined;
    const problems = parsed.ok ? result!.problems : parsed.problems;
    const file = this.fileItem(uri);
    if (problems.length > 0 || !result) {
      this.parsed.delete(uri.toString());
      file.error = new vscode.MarkdownString(problems.map((p) => `line ${p.position.line}: ${p.message}`).join("\n\n"));
      this.diagnostics.set(
        uri,
        problems.map((p) => diagnostic(pointRange(p.position), p.message)),
      );
      return;
    }
    file.error = undefined;
    this.diagnostics.delete(uri);
    this.parsed.set(uri.toString(), result.file);
    file.children.replace(
      result.file.cases.map((testCase) => {
        const item = this.controller.createTestItem(caseId(uri.toString(), testCase.name), testCase.name, uri);
        item.range = toRange(testCase.span);
        setItemData(item, { kind: "case", uri, name: testCase.name });
        return item;
      }),
    );
  }

  /** A data file came or went: a `cases:` glob of a test file in a folder above may match it. */
  private refreshTestFilesAbove(data: vscode.Uri): void {
    const path = data.toString();
    this.controller.items.forEach((item) => {
      if (!item.uri || !TEST_FILE_PATTERN.test(item.uri.path)) return;
      const folder = item.uri.toString().slice(0, item.uri.toString().lastIndexOf("/") + 1);
      if (path.startsWith(folder)) void this.refresh(item.uri);
    });
  }

  private fileItem(uri: vscode.Uri): vscode.TestItem {
    const existing = this.controller.items.get(uri.toString());
    if (existing) return existing;
    const item = this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
    item.range = new vscode.Range(0, 0, 0, 0);
    setItemData(item, { kind: "file", uri });
    this.controller.items.add(item);
    return item;
  }

  private remove(uri: vscode.Uri): void {
    this.controller.items.delete(uri.toString());
    this.parsed.delete(uri.toString());
    this.diagnostics.delete(uri);
  }

  private async runHandler(request: vscode.TestRunRequest, token: vscode.CancellationToken) {
    // "Run all" means every test file, including those discovery has not reached yet.
    if (!request.include) await this.discoverAll();
    const summary = await this.runOnce(request, token);
    if (request.continuous) this.watchForChanges(request, token);
    return summary;
  }

  /** Re-runs a file's cases when it, or the program it tests, is saved, until cancelled. */
  private watchForChanges(request: vscode.TestRunRequest, token: vscode.CancellationToken): void {
    const listener = vscode.workspace.onDidSaveTextDocument(async (document) => {
      for (const { uri } of this.selection(request).values()) {
        const parsed = this.parsed.get(uri.toString());
        const program = parsed ? vscode.Uri.joinPath(uri, "..", parsed.entry).toString() : undefined;
        const saved = document.uri.toString();
        if (saved !== uri.toString() && saved !== program) continue;
        const item = this.controller.items.get(uri.toString());
        if (item) await this.runOnce(new vscode.TestRunRequest([item], undefined, request.profile, true), token);
      }
    });
    token.onCancellationRequested(() => listener.dispose());
  }

  /** The test files a request asks for, each with all its cases or some by name. */
  private selection(request: vscode.TestRunRequest): Map<string, Selected> {
    const excluded = new Set((request.exclude ?? []).map((item) => item.id));
    const selection = new Map<string, Selected>();
    for (const item of request.include ?? [...iterate(this.controller.items)]) {
      if (excluded.has(item.id)) continue;
      const data = itemData(item);
      const key = data.uri.toString();
      const entry = selection.get(key) ?? { uri: data.uri, all: false, names: new Set<string>(), excluded };
      if (data.kind === "file") entry.all = true;
      else entry.names.add(data.name);
      selection.set(key, entry);
    }
    return selection;
  }

  private async runOnce(request: vscode.TestRunRequest, token: vscode.CancellationToken) {
    const selection = this.selection(request);
    const isSelected = (fileKey: string, name: string) => {
      const entry = selection.get(fileKey);
      return !!entry && !entry.excluded.has(caseId(fileKey, name)) && (entry.all || entry.names.has(name));
    };
    const run = this.controller.createTestRun(request);
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    const itemFor = (path: string, name: string) => this.controller.items.get(path)?.children.get(caseId(path, name));
    // One decoder per case and stream: a character may be split across two chunks.
    const decoders = new Map<string, TextDecoder>();
    // A judge's case may print megabytes: the Test Results view gets the start of it.
    const shownBytes = new Map<string, number>();
    for (const key of selection.keys()) {
      this.controller.items.get(key)?.children.forEach((item) => {
        const data = itemData(item);
        if (data.kind === "case" && isSelected(key, data.name)) run.enqueued(item);
      });
    }
    try {
      const keys = [...selection.keys()];
      const report = await runTestFiles(
        keys.filter((key) => !this.built.has(key)),
        {
          built: keys.flatMap((key) => this.built.get(key) ?? []),
          engine: this.engine(),
          host: new VscodeTestHost((message) => run.appendOutput(`${message}\r\n`)),
          jobs: 2,
          select: (file, testCase) => isSelected(file.path, testCase.name),
          signal: abort.signal,
          events: {
            caseStarted: (file, testCase) => {
              const item = itemFor(file.path, testCase.name);
              if (item) run.started(item);
            },
            caseOutput: (file, testCase, stream, data) => {
              const key = `${caseId(file.path, testCase.name)}:${stream}`;
              const shown = shownBytes.get(key) ?? 0;
              if (shown >= MAX_SHOWN_OUTPUT) return;
              shownBytes.set(key, shown + data.length);
              if (shown + data.length > MAX_SHOWN_OUTPUT) data = data.subarray(0, MAX_SHOWN_OUTPUT - shown);
              let decoder = decoders.get(key);
              if (!decoder) decoders.set(key, (decoder = new TextDecoder()));
              const text = decoder.decode(data, { stream: true });
              run.appendOutput(text.replace(/\r?\n/g, "\r\n"), undefined, itemFor(file.path, testCase.name));
            },
            fileFinished: (result) => this.reportFile(run, result),
          },
        },
      );
      return { passed: report.summary.passed, failed: report.summary.failed, invalid: report.summary.invalidFiles };
    } catch (error) {
      this.log.error(`exercise checks failed: ${error instanceof Error ? error.stack : error}`);
      void vscode.window.showErrorMessage(
        `Runno: the exercise checks could not run: ${error instanceof Error ? error.message : error}`,
      );
      return undefined;
    } finally {
      subscription.dispose();
      run.end();
    }
  }

  private reportFile(run: vscode.TestRun, result: FileResult): void {
    const uri = vscode.Uri.parse(result.path);
    const fileItem = this.controller.items.get(uri.toString());
    if (result.problems.length > 0 && fileItem) {
      this.diagnostics.set(
        uri,
        result.problems.map((p) => diagnostic(pointRange(p.position), p.message)),
      );
      const messages = result.problems.map((p) => {
        const message = new vscode.TestMessage(p.message);
        message.location = new vscode.Location(uri, pointRange(p.position));
        return message;
      });
      run.errored(fileItem, messages);
      fileItem.children.forEach((child) => run.errored(child, messages));
    }
    for (const caseResult of result.cases) {
      const item = fileItem?.children.get(caseId(uri.toString(), caseResult.testCase.name));
      if (item) reportCase(run, item, uri, caseResult);
    }
  }
}

function diagnostic(range: vscode.Range, message: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
  d.source = "runno";
  return d;
}

function* iterate(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const items: vscode.TestItem[] = [];
  collection.forEach((item) => items.push(item));
  yield* items;
}
