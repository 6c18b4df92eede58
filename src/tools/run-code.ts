// The `run_code` tool (MCP) and `runno_runCode` (VS Code): a program and its files in, a report out.
import { MiB } from "../engine";
import type { RunOptions, Sandbox } from "../library/types";
import { errorReport, fromBase64, runReport, type ToolReport } from "./report";
import { DEFAULT_TIMEOUT_S, type RunCodeInput } from "./schemas";

/**
 * Limits for runs a model asks for: output a model can read, files it can take in. The
 * engine enforces them, whatever the input says.
 */
export const TOOL_LIMITS = {
  outputLimit: 256 * 1024,
  memory: 512,
  outputFiles: { maxFiles: 20, maxFileBytes: 256 * 1024, maxTotalBytes: 1 * MiB },
} satisfies Partial<RunOptions>;

export async function runCodeTool(sandbox: Sandbox, input: RunCodeInput, signal?: AbortSignal): Promise<ToolReport> {
  const info = sandbox.runtimes().find((r) => r.name === input.runtime);
  if (!info) return errorReport(`unknown runtime "${input.runtime}"`);
  const entry = `main${info.extensions[0] ?? ""}`;
  const files: Record<string, string | Uint8Array> = { [entry]: input.code };
  for (const file of input.files ?? []) {
    const path = normalize(file.path);
    if (path === undefined)
      return errorReport(`invalid files: "${file.path}" must be a relative path that stays in the working directory`);
    if (path === entry)
      return errorReport(`invalid files: "${file.path}" is where the program itself goes; give the file another name`);
    const content = file.encoding === "base64" ? fromBase64(file.content) : file.content;
    if (content === undefined) return errorReport(`invalid files: the content of "${file.path}" is not base64`);
    files[path] = content;
  }
  const result = await sandbox.runFS(input.runtime, entry, files, {
    ...TOOL_LIMITS,
    stdin: input.stdin,
    args: input.args,
    timeout: input.timeout ?? DEFAULT_TIMEOUT_S,
    signal,
  });
  return runReport(result);
}

/** A relative path without `.` and `..` parts, or undefined when it is absolute or leaves the folder. */
export function normalize(path: string): string | undefined {
  if (path.startsWith("/") || path.startsWith("\\") || path.includes("\0")) return undefined;
  const parts = path.split(/[\\/]+/).filter((part) => part !== "" && part !== ".");
  if (parts.length === 0 || parts.includes("..")) return undefined;
  return parts.join("/");
}
