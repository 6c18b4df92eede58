/**
 * The library's public types: what `runCode` and `runFS` take and give back. Platform-free.
 */
import type { RuntimeName } from "../engine";

export type { RuntimeName };

/** Program input: all of it up front, or a stream read while the program runs. */
export type StdinInput = string | Uint8Array | AsyncIterable<string | Uint8Array>;

/** A piece of output, as the program wrote it. */
export interface OutputChunk {
  stream: "stdout" | "stderr";
  data: Uint8Array;
  /** `data` decoded as UTF-8 (a character split between chunks shows as U+FFFD). */
  text: string;
}

/** Caps on the files a run returns. */
export interface FileCaps {
  /** Most files returned (default 100). */
  maxFiles?: number;
  /** Largest file returned, in bytes (default 1 MiB); a bigger one is left out, not cut. */
  maxFileBytes?: number;
  /** Most bytes returned in all (default 8 MiB). */
  maxTotalBytes?: number;
}

export interface RunOptions {
  /** The program's stdin (default: none, immediate end-of-file). */
  stdin?: StdinInput;
  /** Arguments after the program's name. */
  args?: string[];
  /** The program's whole environment: nothing of the host's leaks in. */
  env?: Record<string, string>;
  /** Wall-clock limit of the program, in seconds (default 10). Compiling C/C++ has its own 60 s. */
  timeout?: number;
  /** WebAssembly memory limit, in MiB (default 512). */
  memory?: number;
  /** stdout + stderr kept, in bytes (default 1 MiB); past it the program is stopped. */
  outputLimit?: number;
  /** Aborting it stops the program: the outcome is `cancelled`. */
  signal?: AbortSignal;
  /** Called with output as the program writes it. */
  onOutput?: (chunk: OutputChunk) => void;
  /** Caps on the files returned, or false to return none (default: the caps' defaults). */
  outputFiles?: FileCaps | false;
}

/** How a run ended. */
export type Outcome =
  | { kind: "exited"; exitCode: number }
  /** C/C++ did not compile: the compiler's messages are in `stderr`. */
  | { kind: "compile-error"; exitCode: number }
  | { kind: "timeout"; limitSeconds: number }
  /** Stopped by the sandbox for using more memory or output than allowed. */
  | { kind: "limit"; limit: "memory" | "output"; message: string }
  | { kind: "cancelled" }
  /** `program`: it trapped (a crash, as `abort()`); `sandbox`: it could not be run at all. */
  | { kind: "crashed"; source: "program" | "sandbox"; message: string };

/** A file the program created or changed. */
export interface OutputFile {
  /** Relative to the sandbox's root, which is the program's working directory: `out/plot.svg`. */
  path: string;
  data: Uint8Array;
}

export interface RunResult {
  outcome: Outcome;
  /** The exit code when the program exited (or the compiler failed), else null. */
  exitCode: number | null;
  /** Output kept (at most the output limit), decoded as UTF-8. */
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they were written, as a terminal would show them. */
  tty: string;
  /** Wall time of the program, in ms, without compilation. */
  durationMs: number;
  /** Wall time of compiling a C/C++ program, in ms. */
  compileMs?: number;
  /** Files the program created or changed (not its inputs as given, not the runtime's own files), in path order. */
  files: OutputFile[];
  /** Whether created or changed files were left out by the caps. */
  filesTruncated: boolean;
  /**
   * The run was stopped from outside (a timeout, a cancel, a crash of the sandbox's worker):
   * `files` are as they were the last time the program closed a file it had changed; later
   * changes, and files it still held open, may be missing.
   */
  filesPartial: boolean;
  /** Files left out by the caps, with their sizes (at most 100 listed). */
  filesLeftOut: { path: string; size: number }[];
}

/** A run in progress: a promise of its result, and its output as an async iterator. */
export interface Run extends Promise<RunResult> {
  /** The output chunks, from the start, ending when the program ends. */
  output: AsyncIterable<OutputChunk>;
}

/** A runtime the sandbox has. */
export interface RuntimeDescription {
  name: RuntimeName;
  title: string;
  version: string;
  /** File extensions it runs, e.g. `[".py"]`. */
  extensions: string[];
  /** Whether programs are compiled first (C, C++). */
  compiled: boolean;
}

/** A sandbox: one long-lived engine (workers, compiled runtimes) behind its runs. */
export interface Sandbox {
  /** Runs `code` as the only file, `main` + the runtime's extension (`main.py`), in the sandbox's root. */
  runCode(runtime: RuntimeName, code: string | Uint8Array, options?: RunOptions): Run;
  /**
   * Runs `entryPath` among `files`, keyed by path relative to the sandbox's root (the
   * program's working directory), as the original Runno's `run_fs`.
   */
  runFS(runtime: RuntimeName, entryPath: string, files: Record<string, string | Uint8Array>, options?: RunOptions): Run;
  runtimes(): RuntimeDescription[];
  /** Stops every worker; runs in progress are cancelled. The sandbox cannot be used after. */
  close(): Promise<void>;
}
