/**
 * Runs one job on a pooled worker from the host side: loads what the worker lacks, streams
 * output from the ring (or from output-chunk messages), answers stdin pulls, and enforces the wall-clock limit by
 * terminating the worker. Output written before a timeout or cancel is kept.
 */
import type { ChangedFiles, ChangedFilesLimits, OutputStream } from "./api";
import type { PreparedLayer, PreparedModule } from "./assets";
import { createOutputRingBuffer, OutputRingReader, STREAM_STDOUT, type OutputRecord } from "./output-ring";
import type { WorkerPool } from "./pool";
import type { JobEnd, JobFiles, JobLimits, JobStep } from "./protocol";
import { isFileProgress, isJobDone, isOutput, isOutputChunk, isStdinWanted, isWorkerError } from "./protocol";
import { FilesSoFar } from "./files-so-far";
import { createStdinBuffer, joinPieces, sharedDelivery, type StdinWriter } from "./stdin-channel";

export interface JobSpec {
  steps: JobStep[];
  modules: PreparedModule[];
  layers: PreparedLayer[];
  fs: JobFiles;
  limits: JobLimits;
  timeLimitMs: number;
  /** Bytes sent with the job, and the writer of the rest, if any. */
  stdin: { initial: Uint8Array; writer?: StdinWriter };
  collect?: string;
  tty: boolean;
  /** Log every WASI call in the worker (EngineOptions.traceSyscalls). */
  trace: boolean;
  changedFiles?: ChangedFilesLimits;
}

export type JobOutcome =
  | JobEnd
  | { status: "timeout" }
  | { status: "cancelled" }
  | { status: "worker-failed"; message: string; outOfMemory: boolean };

export interface JobReport {
  outcome: JobOutcome;
  collected?: Uint8Array;
  changedFiles?: ChangedFiles;
  durationMs: number;
}

let nextJobId = 1;

export class JobRun {
  private finish:
    ((outcome: JobOutcome, results?: { collected?: Uint8Array; changedFiles?: ChangedFiles }) => void) | undefined;
  private cancelled = false;

  constructor(
    private readonly pool: WorkerPool,
    private readonly onOutput: (stream: OutputStream, data: Uint8Array) => void,
    private readonly onStdinWanted: () => void,
  ) {}

  /** Stop the job; its outcome becomes `cancelled`. */
  cancel(): void {
    this.cancelled = true;
    this.finish?.({ status: "cancelled" });
  }

  async run(spec: JobSpec): Promise<JobReport> {
    const worker = await this.pool.acquire(spec.modules[0]?.id);
    if (this.cancelled) {
      this.pool.release(worker);
      return { outcome: { status: "cancelled" }, durationMs: 0 };
    }
    worker.ensureLoaded(spec.modules, spec.layers);

    const jobId = nextJobId++;
    const emit = (records: OutputRecord[]) => {
      for (const record of records) this.onOutput(record.stream === STREAM_STDOUT ? "stdout" : "stderr", record.data);
    };
    // With shared memory, output comes through a ring and stdin through a blocking buffer;
    // without it (a browser that is not cross-origin isolated), both travel as messages.
    const shared = this.pool.sharedMemory;
    const outputBuffer = shared ? createOutputRingBuffer() : undefined;
    const ring = outputBuffer && new OutputRingReader(outputBuffer);
    const drain = () => ring && emit(ring.drain());
    const writer = spec.stdin.writer;
    let stdinBuffer: SharedArrayBuffer | undefined;
    if (writer && shared) {
      stdinBuffer = createStdinBuffer();
      writer.attach(sharedDelivery(stdinBuffer));
    } else if (writer) {
      writer.attach((pieces) => worker.post({ type: "stdin-chunk", jobId, data: pieces && joinPieces(pieces) }));
    }

    const filesSoFar = spec.changedFiles && new FilesSoFar();
    const started = performance.now();
    return new Promise<JobReport>((resolve) => {
      const timer = setTimeout(() => this.finish?.({ status: "timeout" }), spec.timeLimitMs);
      this.finish = (outcome, results) => {
        if (!this.finish) return;
        this.finish = undefined;
        clearTimeout(timer);
        drain();
        const clean =
          outcome.status !== "timeout" && outcome.status !== "cancelled" && outcome.status !== "worker-failed";
        if (clean) this.pool.release(worker);
        else this.pool.discard(worker);
        // Stopped from outside, the worker's tree is gone: what it reported while running is all there is.
        const changedFiles = results?.changedFiles ?? filesSoFar?.partial();
        resolve({ outcome, ...results, changedFiles, durationMs: performance.now() - started });
      };
      worker.listener = {
        onMessage: (message) => {
          if (isOutput(message)) drain();
          else if (isOutputChunk(message) && message.jobId === jobId) emit(message.records);
          else if (isStdinWanted(message)) {
            drain();
            this.onStdinWanted();
            writer?.onWanted();
          } else if (isFileProgress(message) && message.jobId === jobId) filesSoFar?.update(message.report);
          else if (isJobDone(message) && message.jobId === jobId) this.finish?.(message.end, message);
          else if (isWorkerError(message))
            this.finish?.({ status: "crashed", source: "sandbox", message: message.message });
        },
        onFailure: (message, outOfMemory) => this.finish?.({ status: "worker-failed", message, outOfMemory }),
      };
      worker.post({
        type: "run-job",
        jobId,
        steps: spec.steps,
        layers: spec.layers.map((layer) => layer.id),
        fs: spec.fs,
        limits: spec.limits,
        stdin: { initial: spec.stdin.initial, buffer: stdinBuffer, messages: writer !== undefined && !shared },
        outputBuffer,
        collect: spec.collect,
        tty: spec.tty,
        trace: spec.trace,
        changedFiles: spec.changedFiles,
      });
    });
  }
}
