/**
 * One run, from request to result: its stdin writer, the output kept across its compile and
 * run jobs, and its one cancellation (an AbortSignal every job of the run listens to).
 */
import type { OutputStream, RunHandle, RunOptions, RunOutcome, RunRequest, RunResult } from "./api";
import { runJob, type JobReport, type JobSpec } from "./job-runner";
import type { WorkerPool } from "./pool";
import { concatBytes } from "./wire/bytes";
import { StdinWriter } from "./wire/stdin-channel";

const encoder = new TextEncoder();

export class Run {
  /** The writer of streamed stdin (`{ kind: "stream" }`), fed through the handle. */
  readonly stdinWriter: StdinWriter | undefined;
  private readonly cancellation = new AbortController();
  private readonly chunks: Record<OutputStream, Uint8Array[]> = { stdout: [], stderr: [] };
  private readonly kept: Record<OutputStream, number> = { stdout: 0, stderr: 0 };

  constructor(
    readonly request: RunRequest,
    private readonly options: RunOptions = {},
  ) {
    this.stdinWriter = request.stdin?.kind === "stream" ? new StdinWriter() : undefined;
  }

  /** The caller's handle on this run, whose result is `result`. */
  handle(result: Promise<RunResult>): RunHandle {
    const writer = this.stdinWriter;
    return {
      result,
      writeStdin: (data) => writer?.write(typeof data === "string" ? encoder.encode(data) : data),
      closeStdin: () => writer?.close(),
      cancel: () => this.cancellation.abort(),
    };
  }

  get isCancelled(): boolean {
    return this.cancellation.signal.aborted;
  }

  /** Runs one job of this run (a compile, the program); a cancel of the run ends it. */
  job(pool: WorkerPool, spec: JobSpec): Promise<JobReport> {
    const events = {
      onOutput: (stream: OutputStream, data: Uint8Array) => {
        this.keep(stream, data);
        this.options.onOutput?.(stream, data);
      },
      onStdinWanted: () => this.options.onStdinWanted?.(),
    };
    return runJob(pool, spec, events, this.cancellation.signal);
  }

  private keep(stream: OutputStream, data: Uint8Array): void {
    const room = (this.options.keepOutputBytes ?? Infinity) - this.kept[stream];
    if (room <= 0) return;
    const part = data.length <= room ? data : data.subarray(0, room);
    this.chunks[stream].push(part);
    this.kept[stream] += part.length;
  }

  /** Shows the caller output that did not come from a job (a cached compile's warnings). */
  notify(stream: OutputStream, data: Uint8Array): void {
    if (data.length > 0) this.options.onOutput?.(stream, data);
  }

  /** Output so far, cleared (compiler diagnostics are not the program's output). */
  takeOutput(): Uint8Array {
    const all = concatBytes([...this.chunks.stdout, ...this.chunks.stderr]);
    this.chunks.stdout = [];
    this.chunks.stderr = [];
    this.kept.stdout = 0;
    this.kept.stderr = 0;
    return all;
  }

  result(outcome: RunOutcome, durationMs: number): RunResult {
    return { ...outcome, stdout: concatBytes(this.chunks.stdout), stderr: concatBytes(this.chunks.stderr), durationMs };
  }
}
