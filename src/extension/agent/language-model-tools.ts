/**
 * The language-model tools (`contributes.languageModelTools`): `runno_runCode` and
 * `runno_runTests`, for Copilot's agent mode and any extension that calls `vscode.lm.invokeTool`.
 * They run in the extension's own engine, on both extension hosts, in Restricted Mode too: a
 * program reaches nothing but its sandbox. Each call shows the code and runtime to confirm first.
 */
import * as vscode from "vscode";
import type { Engine } from "../../engine";
import { EngineSandbox } from "../../library/sandbox";
import type { ToolReport } from "../../tools/report";
import { runCodeTool } from "../../tools/run-code";
import { runTestsTool } from "../../tools/run-tests";
import {
  DEFAULT_TIMEOUT_S,
  inputProblem,
  runCodeInput,
  runTestsInput,
  type RunCodeInput,
  type RunTestsInput,
} from "../../tools/schemas";
import { codeBlock, runtimeTitle } from "./confirmation";

/** Cases of runno_runTests run at once. */
const TEST_JOBS = 2;

export function registerLanguageModelTools(engine: () => Engine): vscode.Disposable[] {
  // vscode.lm.registerTool is final since VS Code 1.95; an older host simply has no tools.
  if (typeof vscode.lm?.registerTool !== "function") return [];
  return [
    vscode.lm.registerTool<RunCodeInput>("runno_runCode", {
      prepareInvocation: ({ input }) => ({
        invocationMessage: `Running ${runtimeTitle(input.runtime)} code in Runno Sandbox`,
        confirmationMessages: {
          title: `Run ${runtimeTitle(input.runtime)} code in Runno Sandbox?`,
          message: new vscode.MarkdownString(
            [
              sandboxNote(input.timeout),
              codeBlock(input.code, input.runtime),
              ...(input.stdin ? ["Standard input:", codeBlock(input.stdin, "text")] : []),
              ...(input.files?.length
                ? [`With ${input.files.length} file(s): ${input.files.map((f) => f.path).join(", ")}`]
                : []),
            ].join("\n\n"),
          ),
        },
      }),
      invoke: async (options, token) =>
        toToolResult(
          await runCodeTool(new EngineSandbox(engine()), validated(runCodeInput, options.input), signalOf(token)),
        ),
    }),
    vscode.lm.registerTool<RunTestsInput>("runno_runTests", {
      prepareInvocation: ({ input }) => ({
        invocationMessage: `Checking ${runtimeTitle(input.runtime)} code against ${input.tests?.length ?? 0} example(s) in Runno Sandbox`,
        confirmationMessages: {
          title: `Check ${runtimeTitle(input.runtime)} code against ${input.tests?.length ?? 0} example(s) in Runno Sandbox?`,
          message: new vscode.MarkdownString(
            [sandboxNote(input.timeout), codeBlock(input.code, input.runtime)].join("\n\n"),
          ),
        },
      }),
      invoke: async (options, token) =>
        toToolResult(await runTestsTool(engine(), validated(runTestsInput, options.input), TEST_JOBS, signalOf(token))),
    }),
  ];
}

function sandboxNote(timeout: number | undefined): string {
  return `It runs in Runno's WebAssembly sandbox: no access to this machine, its files or the network, stopped after ${timeout ?? DEFAULT_TIMEOUT_S} s.`;
}

/** The input as the schema allows it; a clear error (for the model) otherwise. */
function validated<T>(
  schema: {
    safeParse(
      input: unknown,
    ): { success: true; data: T } | { success: false; error: Parameters<typeof inputProblem>[0] };
  },
  input: unknown,
): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new Error(inputProblem(parsed.error));
  return parsed.data;
}

function signalOf(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

/** The report's text, then each file the program made, as text the model reads. */
function toToolResult(report: ToolReport): vscode.LanguageModelToolResult {
  if (report.isError) throw new Error(report.text);
  const parts = [new vscode.LanguageModelTextPart(report.text)];
  for (const file of report.files) {
    const head = `File ${file.path} (${file.mimeType}, ${file.size} bytes)`;
    parts.push(
      new vscode.LanguageModelTextPart(
        file.text !== undefined ? `${head}:\n${file.text}` : `${head}, base64:\n${file.base64}`,
      ),
    );
  }
  return new vscode.LanguageModelToolResult(parts);
}
