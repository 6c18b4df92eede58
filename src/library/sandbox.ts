/**
 * One long-lived engine behind `runCode` / `runFS`: runtimes are compiled and unpacked once,
 * then every run is warm. Platform-free: the engine is passed in.
 */
import {
  type ChangedFilesLimits,
  type Engine,
  type FileMap,
  type RunRequest,
  type RunResult as EngineResult,
  DEFAULT_FILE_CAPS,
  MiB,
} from "../engine";
import { OutputQueue } from "./output-queue";
import { toRunResult } from "./result";
import type {
  FileCaps,
  OutputChunk,
  Run,
  RunOptions,
  RunResult,
  RuntimeDescription,
  RuntimeName,
  Sandbox,
} from "./types";

/** Wrong arguments to runCode / runFS: says what to fix. */
export class SandboxUsageError extends TypeError {}

const encoder = new TextEncoder();

export class EngineSandbox implements Sandbox {
  private closed = false;

  constructor(private readonly engine: Engine) {}

  runtimes(): RuntimeDescription[] {
    return this.engine
      .runtimes()
      .map(({ name, title, version, extensions, compiled }) => ({ name, title, version, extensions, compiled }));
  }

  runCode(runtime: RuntimeName, code: string | Uint8Array, options: RunOptions = {}): Run {
    return this.start(() => {
      const info = this.runtime(runtime);
      if (typeof code !== "string" && !(code instanceof Uint8Array))
        throw new SandboxUsageError("code must be a string or a Uint8Array");
      const entry = `/main${info.extensions[0] ?? ""}`;
      return { runtime, entry, cwd: "/", files: new Map([[entry, bytesOf(code)]]) };
    }, options);
  }

  runFS(
    runtime: RuntimeName,
    entryPath: string,
    files: Record<string, string | Uint8Array>,
    options: RunOptions = {},
  ): Run {
    return this.start(() => {
      this.runtime(runtime);
      if (typeof files !== "object" || files === null)
        throw new SandboxUsageError("files must be an object of path -> string | Uint8Array");
      const map: FileMap = new Map();
      for (const [path, content] of Object.entries(files)) {
        if (typeof content !== "string" && !(content instanceof Uint8Array)) {
          throw new SandboxUsageError(`the content of ${JSON.stringify(path)} must be a string or a Uint8Array`);
        }
        map.set(guestPath(path), bytesOf(content));
      }
      const entry = guestPath(entryPath);
      if (!map.has(entry)) throw new SandboxUsageError(`the entry ${JSON.stringify(entryPath)} is not among the files`);
      return { runtime, entry, cwd: "/", files: map };
    }, options);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.engine.dispose();
  }

  private runtime(name: RuntimeName): RuntimeDescription {
    const found = this.runtimes().find((r) => r.name === name);
    if (!found)
      throw new SandboxUsageError(
        `unknown runtime ${JSON.stringify(name)} (known: ${this.runtimes()
          .map((r) => r.name)
          .join(", ")})`,
      );
    return found;
  }

  private start(makeRequest: () => Omit<RunRequest, "limits">, options: RunOptions): Run {
    const queue = new OutputQueue();
    const result = (async (): Promise<RunResult> => {
      try {
        if (this.closed) throw new SandboxUsageError("this sandbox was closed");
        const request: RunRequest = { ...makeRequest(), ...requestOptions(options) };
        return toRunResult(await this.execute(request, options, queue), request.changedFiles !== undefined);
      } finally {
        queue.end();
      }
    })();
    return Object.assign(result, { output: queue });
  }

  private async execute(
    request: RunRequest,
    options: RunOptions,
    queue: OutputQueue,
  ): Promise<EngineResult & { tty: OutputChunk[] }> {
    const tty: OutputChunk[] = [];
    const decoder = new TextDecoder();
    const handle = this.engine.start(request, {
      onOutput: (stream, data) => {
        const chunk = { stream, data, text: decoder.decode(data) };
        tty.push(chunk);
        queue.push(chunk);
        options.onOutput?.(chunk);
      },
    });
    const stop = () => handle.cancel();
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener("abort", stop);
    if (isStream(options.stdin)) void feed(options.stdin, handle);
    try {
      return { ...(await handle.result), tty };
    } finally {
      options.signal?.removeEventListener("abort", stop);
    }
  }
}

function requestOptions(options: RunOptions): Partial<RunRequest> {
  const limits: RunRequest["limits"] = {};
  if (options.timeout !== undefined) limits.timeMs = positive("timeout", options.timeout) * 1000;
  if (options.memory !== undefined) limits.memoryBytes = Math.round(positive("memory", options.memory) * MiB);
  if (options.outputLimit !== undefined) limits.outputBytes = Math.round(positive("outputLimit", options.outputLimit));
  const stdin = options.stdin;
  if (
    options.args !== undefined &&
    !(Array.isArray(options.args) && options.args.every((a) => typeof a === "string"))
  ) {
    throw new SandboxUsageError("args must be an array of strings");
  }
  return {
    args: options.args,
    env: options.env,
    limits,
    stdin:
      stdin === undefined ? undefined : isStream(stdin) ? { kind: "stream" } : { kind: "bytes", data: bytesOf(stdin) },
    changedFiles: options.outputFiles === false ? undefined : fileCaps(options.outputFiles),
  };
}

function fileCaps(caps: FileCaps = {}): ChangedFilesLimits {
  return {
    maxFiles: caps.maxFiles ?? DEFAULT_FILE_CAPS.maxFiles,
    maxFileBytes: caps.maxFileBytes ?? DEFAULT_FILE_CAPS.maxFileBytes,
    maxTotalBytes: caps.maxTotalBytes ?? DEFAULT_FILE_CAPS.maxTotalBytes,
  };
}

function positive(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
    throw new SandboxUsageError(`${name} must be a positive number, not ${String(value)}`);
  return value;
}

function isStream(stdin: RunOptions["stdin"]): stdin is AsyncIterable<string | Uint8Array> {
  return typeof stdin === "object" && stdin !== null && !(stdin instanceof Uint8Array) && Symbol.asyncIterator in stdin;
}

/** Copies a stdin stream into the program; an error in the stream ends its input. */
async function feed(
  stream: AsyncIterable<string | Uint8Array>,
  handle: { writeStdin(d: Uint8Array | string): void; closeStdin(): void },
) {
  try {
    for await (const chunk of stream) handle.writeStdin(chunk);
  } catch {
    // The program sees end-of-file, as with a closed pipe.
  } finally {
    handle.closeStdin();
  }
}

function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === "string" ? encoder.encode(content) : content;
}

/** A path relative to the sandbox's root (or absolute in it), as an absolute guest path; never above the root. */
export function guestPath(path: string): string {
  if (typeof path !== "string" || path === "") throw new SandboxUsageError("a file path must be a non-empty string");
  const parts: string[] = [];
  for (const part of path.split(/[\\/]+/)) {
    if (part === "" || part === ".") continue;
    if (part === ".." || part.includes("\0"))
      throw new SandboxUsageError(`the path ${JSON.stringify(path)} leaves the sandbox's root`);
    parts.push(part);
  }
  if (parts.length === 0) throw new SandboxUsageError(`the path ${JSON.stringify(path)} names no file`);
  return "/" + parts.join("/");
}
