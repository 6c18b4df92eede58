// `runno run --json`: the run as one JSON object, and `--files-out`: its files on the host.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import type { RunResult } from "../library/types";
import { toolFile } from "../tools/report";

/** The JSON object `runno run --json` prints; file contents as UTF-8 text, or base64 when binary. */
export function resultJson(result: RunResult, filesOut?: { dir: string; written: string[] }): string {
  const json = {
    outcome: result.outcome,
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    tty: result.tty,
    durationMs: result.durationMs,
    ...(result.compileMs !== undefined && { compileMs: result.compileMs }),
    files: result.files.map((file) => {
      const { path, size, text, base64 } = toolFile(file);
      return text !== undefined
        ? { path, size, encoding: "utf8", content: text }
        : { path, size, encoding: "base64", content: base64 };
    }),
    filesTruncated: result.filesTruncated,
    filesPartial: result.filesPartial,
    filesLeftOut: result.filesLeftOut,
    ...(filesOut && { filesOut: filesOut.dir, filesWritten: filesOut.written }),
  };
  return JSON.stringify(json);
}

/** Writes the program's files under `dir` (created if needed); returns their paths as written. */
export async function writeFilesOut(result: RunResult, dir: string): Promise<string[]> {
  const root = resolve(dir);
  const written: string[] = [];
  for (const file of result.files) {
    const target = resolve(root, file.path);
    // Guest paths are already normalised; this only refuses what could not be under `dir`.
    if (!target.startsWith(root + sep)) continue;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.data);
    written.push(file.path);
  }
  return written;
}
