/**
 * Runs one job in the worker: builds a fresh filesystem from the cached layers and the
 * job's files, then runs each step with a fresh WASI instance over it.
 */
import { WASI, WASIProcExit } from "@bjorn3/browser_wasi_shim";
import { escapeGuestText } from "../wire/guest-text";
import { STREAM_STDERR, STREAM_STDOUT } from "../wire/output-ring";
import type {
  ChangedFiles,
  FileProgressReport,
  JobEnd,
  JobStep,
  OutputChunkMessage,
  RunJobMessage,
  StubbedImport,
} from "../wire/protocol";
import { HOST_MEMORY_IMPORT, type MemoryLimits } from "../wire/memory-import";
import { BlockingStdin, MessageStdin, type GuestStdin } from "./guest-stdin";
import { buildImports, hasJspi } from "./imports";
import { callReactor, promising } from "./reactor";
import { MessageTransport } from "./output";
import { OutputRingWriter } from "../wire/output-ring";
import { DeviceInode, LimitExceeded, NullFd, OutputFd, OutputSink, StdinFd } from "./stdio";
import { formatBytes } from "../wire/units";
import { changedFiles } from "./changed-files";
import { FileProgress, reportRemovals } from "./file-progress";
import { stackOverflowMessage } from "./stack-overflow";
import { Quota, SandboxFile, SandboxPreopen, TreeBuilder } from "./vfs";
import type { MemoryPool } from "./memory-pool";

export interface LoadedModule {
  module: WebAssembly.Module;
  stubs: StubbedImport[];
  /** Set when the module imports its memory: made with these limits, reused between runs. */
  memory: MemoryLimits | null;
}

export interface Layer {
  files: [string, Uint8Array][];
  dirs: string[];
}

export interface JobContext {
  modules: Map<string, LoadedModule>;
  memories: MemoryPool;
  layers: Map<string, Layer>;
  /** There is output in the ring (shared memory). */
  notifyOutput: () => void;
  /** Output to send (no shared memory). */
  sendOutput: (records: OutputChunkMessage["records"]) => void;
  askForStdin: () => void;
  /** The job's stdin when it arrives as messages, for the `stdin-chunk` messages to reach. */
  acceptStdinChunks: (stdin: MessageStdin) => void;
  /** The files written so far (a job with `changedFiles`). */
  sendFileProgress: (report: FileProgressReport) => void;
}

const NO_WAITING_NOTICE =
  "runno: this browser cannot pause a program to wait for input (it needs cross-origin isolation or JavaScript Promise Integration); type the input before the program reads it, or run it with input from a file\n";

export async function runJob(
  job: RunJobMessage,
  context: JobContext,
): Promise<{ end: JobEnd; collected?: Uint8Array; changedFiles?: ChangedFiles }> {
  const quota = new Quota(job.limits.fsBytes, job.limits.fsFiles);
  const tree = new TreeBuilder(quota);
  for (const id of job.layers) {
    const layer = context.layers.get(id);
    if (!layer) throw new Error(`layer ${id} was not loaded`);
    for (const dir of layer.dirs) tree.dir(dir);
    for (const [path, data] of layer.files) tree.file(path, data, true);
  }
  for (const dir of job.fs.dirs) tree.dir(dir);
  for (const [path, data] of job.fs.files) tree.file(path, data, false);

  // The runtime's own bookkeeping files are not the program's.
  const markers = new Set(job.steps.flatMap((step) => (step.exitMarker ? [step.exitMarker] : [])));
  const asked = job.changedFiles;
  const changed = () => {
    if (!asked) return undefined;
    // Most runs write nothing: no walk of the thousand files of a runtime's layers then.
    if (quota.written.size === 0) return { files: [], truncated: false, leftOut: [] };
    return changedFiles(tree.root, quota.written, asked, markers);
  };
  const progress = asked && new FileProgress(tree.root, quota.written, asked, markers, context.sendFileProgress);
  if (progress) quota.onChangedFileClosed = () => progress.changed();

  const transport =
    job.transport.kind === "shared-memory"
      ? new OutputRingWriter(job.transport.outputRing, context.notifyOutput)
      : new MessageTransport(context.sendOutput);
  const sink = new OutputSink(transport, job.limits.outputBytes);
  const beforeWaiting = () => {
    sink.flush();
    progress?.beforeWaiting();
  };
  // A program about to wait for input has its held file report sent first, as before a sleep.
  const askForStdin = () => {
    progress?.beforeWaiting();
    context.askForStdin();
  };
  // Without shared memory the worker cannot block, so reads and sleeps suspend (JSPI).
  const suspend = job.transport.kind === "messages" && hasJspi();
  let stdin: GuestStdin;
  if (job.transport.kind === "messages" && job.transport.moreStdin) {
    const messageStdin = new MessageStdin(job.stdin, askForStdin, suspend, () =>
      sink.write(STREAM_STDERR, new TextEncoder().encode(NO_WAITING_NOTICE)),
    );
    context.acceptStdinChunks(messageStdin);
    stdin = messageStdin;
  } else {
    const buffer = job.transport.kind === "shared-memory" ? job.transport.moreStdin : undefined;
    stdin = new BlockingStdin(job.stdin, buffer, askForStdin);
  }

  for (const step of job.steps) {
    const input = step.takesStdin ? stdin : undefined;
    const end = await runStep(step, job, context, tree, sink, input, suspend, beforeWaiting, progress);
    sink.flush();
    // A failed step (a compile error) ends the job: later steps would only fail too.
    if (end.status !== "exited" || end.exitCode !== 0) return { end, changedFiles: changed() };
  }

  let collected: Uint8Array | undefined;
  if (job.collect) {
    const file = tree.lookup(job.collect);
    if (file instanceof SandboxFile) collected = file.data.slice();
  }
  return { end: { status: "exited", exitCode: 0 }, collected, changedFiles: changed() };
}

async function runStep(
  step: JobStep,
  job: RunJobMessage,
  context: JobContext,
  tree: TreeBuilder,
  sink: OutputSink,
  stdin: GuestStdin | undefined,
  suspend: boolean,
  beforeWaiting: () => void,
  progress: FileProgress | undefined,
): Promise<JobEnd> {
  const loaded = context.modules.get(step.moduleId);
  if (!loaded) throw new Error(`module ${step.moduleId} was not loaded`);

  const env = Object.entries(step.env).map(([key, value]) => `${key}=${value}`);
  const stdio = (tty: boolean) => ({
    stdin: () => new StdinFd(stdin, tty),
    stdout: () => new OutputFd(sink, STREAM_STDOUT, tty),
    stderr: () => new OutputFd(sink, STREAM_STDERR, tty),
  });
  const dev = tree.dir("/dev");
  // Always character devices under /dev: PHP's stream layer tries to seek anything else.
  for (const [name, open] of Object.entries(stdio(true))) dev.contents.set(name, new DeviceInode(open));
  dev.contents.set("null", new DeviceInode(() => new NullFd()));
  const cwd = tree.dir(job.fs.cwd);
  // "." before "/": clang 8's wasi-libc resolves relative paths only through ".", newer
  // ones map "." onto "/" and the later "/" wins (their runtimes chdir to $PWD instead).
  const std = stdio(job.tty);
  const fds = [
    std.stdin(),
    std.stdout(),
    std.stderr(),
    new SandboxPreopen(".", cwd),
    new SandboxPreopen("/", tree.root),
  ];
  const shim = new WASI(step.argv, env, fds, { debug: false });
  const imports = buildImports(shim, {
    openFilesLimit: job.limits.openFiles,
    stubs: loaded.stubs,
    beforeBlocking: beforeWaiting,
    trace: job.trace,
    suspend,
  });
  if (progress) reportRemovals(imports, progress);

  let instance: WebAssembly.Instance;
  let memory: WebAssembly.Memory | undefined;
  try {
    if (loaded.memory) {
      memory = context.memories.take(step.moduleId, loaded.memory);
      imports[HOST_MEMORY_IMPORT.module] = { [HOST_MEMORY_IMPORT.name]: memory };
    }
    instance = await WebAssembly.instantiate(loaded.module, imports);
  } catch (error) {
    if (error instanceof RangeError) {
      return {
        status: "killed",
        limit: "memory",
        message: `could not allocate the program's initial memory (${describe(error)})`,
      };
    }
    return { status: "crashed", source: "sandbox", message: `could not start the program: ${describe(error)}` };
  }

  try {
    let exitCode = step.reactor
      ? await callReactor(shim, instance, step.reactor, suspend)
      : await start(shim, instance, suspend);
    if (exitCode === 0 && step.exitMarker && !tree.lookup(step.exitMarker)) exitCode = 1;
    return { status: "exited", exitCode };
  } catch (error) {
    if (error instanceof WASIProcExit) return { status: "exited", exitCode: error.code };
    if (error instanceof LimitExceeded) return { status: "killed", limit: error.limit, message: error.message };
    const overflow = stackOverflowMessage(error, instance);
    if (overflow) return { status: "crashed", source: "program", message: overflow };
    const memory = (instance.exports.memory as WebAssembly.Memory | undefined)?.buffer.byteLength ?? 0;
    // A trap near the memory cap is almost always an allocation that failed (abort() on
    // a NULL from malloc, C++'s operator new): the slack covers the request that failed.
    const slack = Math.max(2 * 1024 * 1024, job.limits.memoryBytes / 16);
    if (memory + slack >= job.limits.memoryBytes) {
      return {
        status: "killed",
        limit: "memory",
        message: `memory limit of ${formatBytes(job.limits.memoryBytes)} reached (${describe(error)})`,
      };
    }
    return { status: "crashed", source: "program", message: describe(error) };
  } finally {
    if (memory) context.memories.give(step.moduleId, memory);
  }
}

/** Runs `_start`: directly, or through `WebAssembly.promising` so that imports may suspend. */
async function start(shim: WASI, instance: WebAssembly.Instance, suspend: boolean): Promise<number> {
  if (!suspend) return shim.start(instance as unknown as Parameters<WASI["start"]>[0]);
  shim.inst = instance as unknown as WASI["inst"];
  try {
    await promising(instance.exports._start)();
    return 0;
  } catch (error) {
    if (error instanceof WASIProcExit) return error.code;
    throw error;
  }
}

/** An error's one-line message; V8 puts the guest's import and export names in some. */
function describe(error: unknown): string {
  if (error instanceof WebAssembly.RuntimeError) return `wasm trap: ${escapeGuestText(error.message)}`;
  return escapeGuestText(error instanceof Error ? error.message : String(error));
}
