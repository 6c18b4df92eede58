/**
 * Every message that crosses the worker boundary, and nothing else. Host and worker
 * import their types from here; each message has a literal `type` and a type guard.
 */
import type { ChangedFiles, ChangedFilesLimits, Limits, RunOutcome } from "../api";

// The public types a job carries across, for the worker to take from the wire alone.
export type { ChangedFiles, ChangedFilesLimits };
import type { OutputRecord } from "./output-ring";
import type { MemoryLimits } from "./memory-import";

/** A call into a reactor's export; parameters are lowered as the canonical ABI does. */
export interface ReactorCall {
  export: string;
  /** A string, or a list of strings (each NUL-terminated, as C's argv). */
  params: (string | string[])[];
}

/** An import the runtime needs beyond WASI, stubbed: it returns ENOSYS, or stops the program with `message`. */
export interface StubbedImport {
  module: string;
  name: string;
  message?: string;
}

/** A program step of a job: one WASI module started with `_start`, or a reactor driven by calls. */
export interface JobStep {
  /** Key of a module the worker was sent with `load-module`. */
  moduleId: string;
  /** argv, including argv[0]. */
  argv: string[];
  env: Record<string, string>;
  /** Whether this step reads the job's stdin (others see end-of-file). */
  takesStdin: boolean;
  /**
   * A guest file the runtime's wrapper writes once the program finished cleanly. A program
   * that returns normally without it ended on an uncaught error: exit code 1 (QuickJS
   * itself exits 0 then).
   */
  exitMarker?: string;
  /**
   * Set for a reactor (exports `_initialize`, no `_start`): these calls run in order after
   * `_initialize`. The program ends by `proc_exit`, or with exit code 0 when they return.
   */
  reactor?: ReactorCall[];
}

/** Files of one job, by absolute guest path. */
export interface JobFiles {
  files: [string, Uint8Array][];
  /** Directories to create even when empty. */
  dirs: string[];
  cwd: string;
}

export type JobLimits = Pick<Limits, "memoryBytes" | "outputBytes" | "fsBytes" | "fsFiles" | "openFiles">;

// Host -> worker.

export interface LoadModuleMessage {
  type: "load-module";
  id: string;
  module: WebAssembly.Module;
  /** Imports the runtime needs beyond WASI, stubbed to fail (`sock_*` for QuickJS). */
  stubs: StubbedImport[];
  /** Set when the module imports its memory: the worker makes (and reuses) it. */
  memory: MemoryLimits | null;
}

export interface LoadLayerMessage {
  type: "load-layer";
  id: string;
  files: [string, Uint8Array][];
  dirs: string[];
}

export interface RunJobMessage {
  type: "run-job";
  jobId: number;
  steps: JobStep[];
  /** Keys of layers sent with `load-layer`, laid under `fs`, shared between runs, copy-on-write. */
  layers: string[];
  fs: JobFiles;
  limits: JobLimits;
  /** Stdin sent with the job; more may follow through the transport (`moreStdin`). */
  stdin: Uint8Array;
  transport: JobTransport;
  /** Guest path of a file to send back when every step succeeded (the compiled program). */
  collect?: string;
  /** Whether stdio reports itself as a terminal. */
  tty: boolean;
  /** Log every WASI call in the worker (EngineOptions.traceSyscalls). */
  trace: boolean;
  /** Send back the files the program created or changed, within these caps. */
  changedFiles?: ChangedFilesLimits;
}

/**
 * How output and later stdin travel, chosen by the host once per job. With shared memory:
 * every write into the output ring (output-ring.ts), stdin pulled through a blocking buffer
 * (stdin-channel.ts) when there is more than `RunJobMessage.stdin`. Without it (a browser
 * page that is not cross-origin isolated): `output-chunk` and `stdin-chunk` messages.
 */
export type JobTransport =
  | { kind: "shared-memory"; outputRing: SharedArrayBuffer; moreStdin?: SharedArrayBuffer }
  | { kind: "messages"; moreStdin: boolean };

/** More stdin for a job of the `messages` transport; `data: null` is end-of-file. */
export interface StdinChunkMessage {
  type: "stdin-chunk";
  jobId: number;
  data: Uint8Array | null;
}

export type HostMessage = LoadModuleMessage | LoadLayerMessage | RunJobMessage | StdinChunkMessage;

// Worker -> host.

export interface ReadyMessage {
  type: "ready";
}

/** There is output in the ring. */
export interface OutputMessage {
  type: "output";
  jobId: number;
}

/** Output of a job that runs without shared memory, in write order. */
export interface OutputChunkMessage {
  type: "output-chunk";
  jobId: number;
  records: OutputRecord[];
}

/** The program waits for stdin. */
export interface StdinWantedMessage {
  type: "stdin-wanted";
  jobId: number;
}

/**
 * The files a job with `changedFiles` has written so far (file-progress.ts): kept by the host
 * for when the job is stopped from outside. `data` is absent where it is the same as in the
 * report before, under the same path.
 */
export interface FileProgressReport {
  files: { path: string; data: Uint8Array | undefined }[];
  truncated: boolean;
  leftOut: { path: string; size: number }[];
}

export interface FileProgressMessage {
  type: "file-progress";
  jobId: number;
  report: FileProgressReport;
}

/** How a job ended in the worker: already one of the public outcomes, so the host passes it on as it is. */
export type JobEnd = Extract<RunOutcome, { status: "exited" | "killed" | "crashed" }>;

export interface JobDoneMessage {
  type: "job-done";
  jobId: number;
  end: JobEnd;
  collected?: Uint8Array;
  changedFiles?: ChangedFiles;
}

/** An error of the worker itself, serialized before crossing the boundary. */
export interface WorkerErrorMessage {
  type: "worker-error";
  jobId: number | undefined;
  message: string;
}

export type WorkerMessage =
  | ReadyMessage
  | OutputMessage
  | OutputChunkMessage
  | StdinWantedMessage
  | FileProgressMessage
  | JobDoneMessage
  | WorkerErrorMessage;

function hasType<T extends { type: string }>(value: unknown, type: T["type"]): value is T {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === type;
}

export const isLoadModule = (m: unknown): m is LoadModuleMessage => hasType(m, "load-module");
export const isLoadLayer = (m: unknown): m is LoadLayerMessage => hasType(m, "load-layer");
export const isRunJob = (m: unknown): m is RunJobMessage => hasType(m, "run-job");
export const isStdinChunk = (m: unknown): m is StdinChunkMessage => hasType(m, "stdin-chunk");
export const isOutputChunk = (m: unknown): m is OutputChunkMessage => hasType(m, "output-chunk");
export const isReady = (m: unknown): m is ReadyMessage => hasType(m, "ready");
export const isOutput = (m: unknown): m is OutputMessage => hasType(m, "output");
export const isStdinWanted = (m: unknown): m is StdinWantedMessage => hasType(m, "stdin-wanted");
export const isFileProgress = (m: unknown): m is FileProgressMessage => hasType(m, "file-progress");
export const isJobDone = (m: unknown): m is JobDoneMessage => hasType(m, "job-done");
export const isWorkerError = (m: unknown): m is WorkerErrorMessage => hasType(m, "worker-error");
