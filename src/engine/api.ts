/**
 * The engine's public, platform-free types. Nothing here imports Node, the DOM or VS Code.
 */

/** Names of the runtimes described in `langs/`. */
export type RuntimeName = "python" | "ruby" | "quickjs" | "clang" | "clangpp" | "php-cgi" | "sqlite" | "wasi";

/** Hard limits of one run. Every field has a default (`DEFAULT_LIMITS` in defaults.ts). */
export interface Limits {
  /** Wall-clock time of the program, in ms. Compilation has its own budget. */
  timeMs: number;
  /** Wall-clock time of a compile step (clang, wasm-ld), in ms. */
  compileTimeMs: number;
  /** Maximum wasm linear memory, in bytes. */
  memoryBytes: number;
  /** stdout + stderr bytes kept; past it the program is stopped. */
  outputBytes: number;
  /** Bytes the program may add to its virtual filesystem. */
  fsBytes: number;
  /** Files and directories the program may create. */
  fsFiles: number;
  /** File descriptors the program may hold open at once. */
  openFiles: number;
}

/** Files of the virtual filesystem, keyed by absolute guest path (`/workspace/main.py`). */
export type FileMap = Map<string, Uint8Array>;

/** Where the program's stdin comes from. */
export type StdinSource =
  /** All of stdin, known up front; the program sees end-of-file after it. */
  | { kind: "bytes"; data: Uint8Array }
  /** Fed while the program runs with `RunHandle.writeStdin`, ended by `closeStdin`. */
  | { kind: "stream" };

export interface RunRequest {
  runtime: RuntimeName;
  /** Absolute guest path of the program to run; it must be in `files`. */
  entry: string;
  /** Absolute guest path of the working directory. Default: the entry's folder. */
  cwd?: string;
  files: FileMap;
  /** Arguments after the program's name. */
  args?: string[];
  /** The guest's whole environment: nothing of the host's leaks in. */
  env?: Record<string, string>;
  /** Default: no input (immediate end-of-file). */
  stdin?: StdinSource;
  /**
   * Whether stdio looks like a terminal to the program (default false, like pipes): programs
   * then flush output at each line and show prompts as they do in a terminal.
   */
  tty?: boolean;
  limits?: Partial<Limits>;
  /** The language standard of a compiled runtime (`c++20`, `gnu17`); default: the runtime's (`RuntimeInfo.standards`). */
  std?: string;
  /** A program compiled earlier with `Engine.compile`, to run instead of compiling `entry`. */
  compiled?: CompiledProgram;
  /** Report the files the program created or changed, within these caps (default: none reported). */
  changedFiles?: ChangedFilesLimits;
}

/** Caps on the files a run reports back (`RunRequest.changedFiles`). */
export interface ChangedFilesLimits {
  maxFiles: number;
  /** A bigger file is left out, not cut. */
  maxFileBytes: number;
  maxTotalBytes: number;
}

/** Files the program created or changed, by absolute guest path: not the runtime's, not unchanged inputs. */
export interface ChangedFiles {
  /** In path order. */
  files: { path: string; data: Uint8Array }[];
  /** Whether files were left out by the caps. */
  truncated: boolean;
  /** The files left out, with their sizes (at most 100 listed). */
  leftOut: { path: string; size: number }[];
  /**
   * The run was stopped from outside (a timeout, a cancel, a crash of its worker): these are
   * the files as they were the last time the program closed a file it had changed. Changes
   * made after that, and files it still held open, may be missing.
   */
  partial?: boolean;
}

export type OutputStream = "stdout" | "stderr";

/** How a run ended. */
export type RunOutcome =
  | { status: "exited"; exitCode: number }
  | { status: "compile-failed"; exitCode: number }
  | { status: "timeout"; limitMs: number }
  | { status: "killed"; limit: "memory" | "output"; message: string }
  | { status: "cancelled" }
  /** `program`: the guest trapped (its crash); `sandbox`: it could not be run at all. */
  | { status: "crashed"; source: "program" | "sandbox"; message: string };

export type RunResult = RunOutcome & {
  /** Output kept (at most the output limit), in the order it was written. */
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** Wall time of the program, without compilation, in ms. */
  durationMs: number;
  /** Wall time of the compile step, when there was one, in ms. */
  compileMs?: number;
  /** The compiler's output (warnings) when this run compiled the program and it succeeded. */
  diagnostics?: Uint8Array;
  /** When asked for (`RunRequest.changedFiles`); `partial` after a timeout, a cancel or a crash of the worker. */
  changedFiles?: ChangedFiles;
};

/** A program compiled to a WASI module, ready to run many times. */
export interface CompiledProgram {
  runtime: RuntimeName;
  /** The compiled `.wasm` bytes. */
  wasm: Uint8Array;
  /** Compiler diagnostics (warnings), already shown once. */
  diagnostics: Uint8Array;
}

export type CompileResult =
  { status: "compiled"; program: CompiledProgram; durationMs: number } | { status: "failed"; result: RunResult };

export interface RunOptions {
  /** Called with output as the program produces it. */
  onOutput?: (stream: OutputStream, data: Uint8Array) => void;
  /** Called each time the program has taken the stdin delivered so far and wants more (it may not wait yet: the next chunk is asked for ahead). */
  onStdinWanted?: () => void;
  /**
   * Bytes of each stream kept in the result, from the start (default: all, up to the output
   * limit). The rest still reaches `onOutput`: for a caller that checks output as it streams.
   */
  keepOutputBytes?: number;
}

/** A run in progress. */
export interface RunHandle {
  readonly result: Promise<RunResult>;
  /** Feed stdin (only for `{ kind: "stream" }` stdin). */
  writeStdin(data: Uint8Array | string): void;
  /** End stdin: the program's next read sees end-of-file. */
  closeStdin(): void;
  /** Stop the program; the result is `cancelled`. */
  cancel(): void;
}

/** Description of a runtime, as listed by `runno runtimes`. */
export interface RuntimeInfo {
  name: RuntimeName;
  title: string;
  version: string;
  extensions: string[];
  origin: string;
  license: string;
  /** What remains different from running the program natively, one line each. */
  differences?: string[];
  compiled: boolean;
  /** For compilers: the `-std=` values a run may ask for (`RunRequest.std`) and the default. */
  standards?: { default: string; known: string[] };
  /** For compilers: the compiler's options, as `runno runtimes` shows them. */
  flags?: string[];
  /** A header precompiled for these standards, used when it is a program's first line of code. */
  precompiledHeader?: { include: string; standards: string[] };
}

export interface Engine {
  runtimes(): RuntimeInfo[];
  /** The runtime for a file name, from its extension, or undefined. */
  runtimeForFile(fileName: string): RuntimeName | undefined;
  start(request: RunRequest, options?: RunOptions): RunHandle;
  run(request: RunRequest, options?: RunOptions): Promise<RunResult>;
  /** Compile `entry` once (C/C++), to run it many times with `RunRequest.compiled`. */
  compile(request: RunRequest, options?: RunOptions): Promise<CompileResult>;
  /**
   * Start the workers and load a runtime into them ahead of the first run, so that a suite's
   * first cases do not wait for it. Optional: runs are correct without it.
   */
  warmUp(runtime: RuntimeName, limits?: Partial<Limits>): Promise<void>;
  /** Stop every worker. Runs in progress are cancelled. */
  dispose(): Promise<void>;
}
