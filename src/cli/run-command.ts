// `runno run FILE`: run one program in the sandbox, wired to this process's stdio.
import { readFile } from "node:fs/promises";
import { basename, dirname, posix, resolve } from "node:path";
import {
  type FileMap,
  type RunRequest,
  type RunResult,
  type RuntimeName,
  type StdinSource,
  DEFAULT_FILE_CAPS,
  DEFAULT_LIMITS,
  MiB,
  type Platform,
  SandboxEngine,
  describeOutcome,
} from "../engine";
import { DiskCompileCache, defaultCompileCacheDir } from "./disk-compile-cache";
import { toRunResult } from "../library/result";
import type { OutputChunk } from "../library/types";
import { resultJson, writeFilesOut } from "./json-result";
import { mountDirectory } from "./host-files";
import { PARTIAL_FILES } from "../tools/report";
import { parseCommandLine, UsageError } from "./usage";

export const EXIT_TIMEOUT = 124;
export const EXIT_SANDBOX_ERROR = 125;
export const EXIT_KILLED = 137;
/**
 * FILE's folder is the sandbox's root and working directory, so the program finds its
 * sibling files by relative path and tracebacks show `main.py` as a native run does.
 */
export const WORKSPACE = "/";

export async function runCommand(platform: Platform, argv: string[]): Promise<number> {
  const options = parseRunArgs(argv);
  // C and C++ compiled once per set of files: running an unchanged program again (other
  // input, other arguments) skips the compiler, as `runno test` does.
  const compileCache = options.cache ? new DiskCompileCache(defaultCompileCacheDir()) : undefined;
  const engine = new SandboxEngine(platform, { traceSyscalls: Boolean(process.env.RUNNO_TRACE), compileCache });
  try {
    return await runWith(engine, options);
  } finally {
    await engine.dispose();
  }
}

async function runWith(engine: SandboxEngine, options: RunOptions): Promise<number> {
  const runtime = options.runtime ?? engine.runtimeForFile(options.file);
  if (!runtime) {
    throw new UsageError(
      `cannot tell the runtime of ${options.file} from its extension; pass --runtime NAME (see runno runtimes)`,
    );
  }
  const info = engine.runtimes().find((r) => r.name === runtime);
  if (!info) throw new UsageError(`unknown runtime "${runtime}" (see runno runtimes)`);
  if (options.std !== undefined && !info.standards?.known.includes(options.std)) {
    const known = info.standards ? `: one of ${info.standards.known.join(", ")}` : ": it compiles nothing";
    throw new UsageError(`--std ${options.std} does not apply to the ${runtime} runtime${known}`);
  }
  const hostFile = resolve(options.file);
  const files: FileMap = new Map();
  await mountDirectory(files, dirname(hostFile), WORKSPACE);
  const entry = `/${basename(hostFile)}`;
  if (!files.has(entry)) {
    // Not found by the walk: missing, or not a regular file.
    const data = await readFile(hostFile).catch(() => undefined);
    if (!data) throw new UsageError(`cannot read ${options.file}`);
    files.set(entry, new Uint8Array(data));
  }
  for (const mount of options.dirs) await mountDirectory(files, mount.host, mount.guest);

  const stdin: StdinSource = options.stdinFile
    ? {
        kind: "bytes",
        data: new Uint8Array(
          await readFile(options.stdinFile).catch(() => {
            throw new UsageError(`cannot read --stdin file ${options.stdinFile}`);
          }),
        ),
      }
    : { kind: "stream" };

  const request: RunRequest = {
    runtime: runtime as RuntimeName,
    entry,
    cwd: WORKSPACE,
    files,
    args: options.args,
    env: options.env,
    std: options.std,
    stdin,
    // Like a native run: a terminal when this process's stdout is one (never for JSON).
    tty: !options.json && Boolean(process.stdout.isTTY),
    limits: { timeMs: options.timeoutSeconds * 1000, memoryBytes: options.memoryMib * MiB },
    changedFiles: options.json || options.filesOut ? DEFAULT_FILE_CAPS : undefined,
  };
  const written: OutputChunk[] = [];
  const handle = engine.start(request, {
    onOutput: (stream, data) => {
      // With --json the output is in the object; --files-out alone keeps output live.
      if (options.json) written.push({ stream, data, text: "" });
      else (stream === "stdout" ? process.stdout : process.stderr).write(data);
    },
  });
  if (stdin.kind === "stream") {
    process.stdin.on("data", (chunk: Buffer) => handle.writeStdin(new Uint8Array(chunk)));
    process.stdin.on("end", () => handle.closeStdin());
    process.stdin.on("error", () => handle.closeStdin());
  }
  const onSignal = () => handle.cancel();
  process.once("SIGINT", onSignal);
  const result = await handle.result;
  process.off("SIGINT", onSignal);
  if (!options.json && !options.filesOut) return report(result);
  const converted = toRunResult({ ...result, tty: written }, true);
  const filesOut = options.filesOut && {
    dir: options.filesOut,
    written: await writeFilesOut(converted, options.filesOut),
  };
  if (options.json) {
    process.stdout.write(resultJson(converted, filesOut || undefined) + "\n");
    return exitStatus(result);
  }
  if (filesOut) {
    const left = converted.filesTruncated
      ? `; ${converted.filesLeftOut.length || "some"} left out (over the size limits)`
      : "";
    const partial = converted.filesPartial ? `; ${PARTIAL_FILES}` : "";
    process.stderr.write(`runno: wrote ${filesOut.written.length} file(s) to ${filesOut.dir}${left}${partial}\n`);
  }
  return report(result);
}

/** One line on stderr for every ending that is not the program's own exit; the exit status. */
function report(result: RunResult): number {
  const line = describeOutcome(result);
  if (line) process.stderr.write(`runno: ${line}\n`);
  return exitStatus(result);
}

function exitStatus(result: RunResult): number {
  switch (result.status) {
    case "exited":
    case "compile-failed":
      return result.exitCode;
    case "timeout":
      return EXIT_TIMEOUT;
    case "killed":
      return EXIT_KILLED;
    case "cancelled":
      return 130;
    case "crashed":
      return result.source === "program" ? 134 : EXIT_SANDBOX_ERROR;
  }
}

interface RunOptions {
  file: string;
  args: string[];
  runtime?: string;
  std?: string;
  stdinFile?: string;
  timeoutSeconds: number;
  memoryMib: number;
  dirs: { host: string; guest: string }[];
  env: Record<string, string>;
  json: boolean;
  filesOut?: string;
  /** Keep compiled programs on disk between runs (off with --no-cache). */
  cache: boolean;
}

function parseRunArgs(argv: string[]): RunOptions {
  const parsed = parseCommandLine({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
      runtime: { type: "string" },
      std: { type: "string" },
      stdin: { type: "string" },
      timeout: { type: "string", default: String(DEFAULT_LIMITS.timeMs / 1000) },
      memory: { type: "string", default: String(DEFAULT_LIMITS.memoryBytes / MiB) },
      dir: { type: "string", multiple: true, default: [] },
      env: { type: "string", multiple: true, default: [] },
      json: { type: "boolean", default: false },
      "files-out": { type: "string" },
      "no-cache": { type: "boolean", default: false },
    },
  });
  const terminator = parsed.tokens.findIndex((t) => t.kind === "option-terminator");
  const before = parsed.tokens.filter((t, i) => t.kind === "positional" && (terminator < 0 || i < terminator));
  const after = terminator < 0 ? [] : parsed.tokens.slice(terminator + 1).filter((t) => t.kind === "positional");
  if (before.length === 0) throw new UsageError("runno run needs a FILE to run");
  if (before.length > 1)
    throw new UsageError(
      `unexpected argument "${(before[1] as { value: string }).value}"; put program arguments after --`,
    );
  const { values } = parsed;

  const env: Record<string, string> = {};
  for (const pair of values.env) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--env takes KEY=VALUE, not "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const dirs = values.dir.map((spec) => {
    const [host, guest] = spec.split("::");
    if (!host) throw new UsageError(`--dir takes HOST[::GUEST], not "${spec}"`);
    const guestPath = guest ?? host;
    // A relative guest path is relative to the working directory, as for the program itself.
    return { host, guest: posix.resolve(WORKSPACE, guestPath) };
  });
  return {
    file: (before[0] as { value: string }).value,
    args: after.map((t) => (t as { value: string }).value),
    runtime: values.runtime,
    std: values.std,
    stdinFile: values.stdin,
    timeoutSeconds: positiveNumber("--timeout", values.timeout),
    memoryMib: positiveNumber("--memory", values.memory),
    dirs,
    env,
    json: values.json,
    filesOut: values["files-out"],
    cache: !values["no-cache"],
  };
}

function positiveNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} takes a positive number, not "${text}"`);
  return value;
}
