/**
 * Runs one job on a pooled worker from the host side: loads what the worker lacks, opens
 * the transport (transport.ts), streams output, answers stdin pulls, and ends the job on
 * the worker's `job-done`, the time limit (terminating the worker), the run's cancel, or a
 * failure of the worker. Every ending becomes a public `RunOutcome` here, and nowhere
 * else. Output written before a timeout or cancel is kept.
 */
import type { ChangedFiles, ChangedFilesLimits, OutputStream, RunOutcome } from "./api";
import type { PreparedLayer, PreparedModule } from "./assets";
import type { WorkerPool } from "./pool";
import { openTransport } from "./transport";
import type { JobFiles, JobLimits, JobStep } from "./wire/protocol";
import { isFileProgress, isJobDone, isOutput, isOutputChunk, isStdinWanted, isWorkerError } from "./wire/protocol";
import { FilesSoFar } from "./files-so-far";
import type { StdinWriter } from "./wire/stdin-channel";

export interface JobSpec {
  steps: JobStep[];
  modules: PreparedModule[];
  layers: PreparedLayer[];
  fs: JobFiles;
  limits: JobLimits;
  timeLimitMs: number;
  /** Stdin known up front, and the writer of what comes while the program runs. */
  stdin: { data: Uint8Array; writer?: StdinWriter };
  collect?: string;
  tty: boolean;
  /** Log every WASI call in the worker (EngineOptions.traceSyscalls). */
  trace: boolean;
  changedFiles?: ChangedFilesLimits;
}

export interface JobEvents {
  onOutput(stream: OutputStream, data: Uint8Array): void;
  onStdinWanted(): void;
}

export interface JobReport {
  outcome: RunOutcome;
  collected?: Uint8Array;
  changedFiles?: ChangedFiles;
  durationMs: number;
}

let nextJobId = 1;

/** Runs `spec`; `cancel` is the run's one cancellation: its abort ends the job as `cancelled`. */
export async function runJob(
  pool: WorkerPool,
  spec: JobSpec,
  events: JobEvents,
  cancel: AbortSignal,
): Promise<JobReport> {
  const cancelled: JobReport = { outcome: { status: "cancelled" }, durationMs: 0 };
  if (cancel.aborted) return cancelled;
  const worker = await pool.acquire(spec.modules[0]?.id);
  if (cancel.aborted) {
    pool.release(worker);
    return cancelled;
  }
  worker.ensureLoaded(spec.modules, spec.layers);

  const jobId = nextJobId++;
  const transport = openTransport(pool.sharedMemory, spec.stdin, (m) => worker.post(m), jobId, events.onOutput);
  const filesSoFar = spec.changedFiles && new FilesSoFar();
  const started = performance.now();
  return new Promise<JobReport>((resolve) => {
    const timer = setTimeout(() => finish({ status: "timeout", limitMs: spec.timeLimitMs }, true), spec.timeLimitMs);
    let ended = false;
    /** A worker stopped mid-job (timeout, cancel, failure) is not reused. */
    const finish = (outcome: RunOutcome, stopped: boolean, results?: Pick<JobReport, "collected" | "changedFiles">) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      cancel.removeEventListener("abort", onCancel);
      transport.drain();
      if (stopped) pool.discard(worker);
      else pool.release(worker);
      // Stopped from outside, the worker's tree is gone: what it reported while running is all there is.
      const changedFiles = results?.changedFiles ?? filesSoFar?.partial();
      resolve({ outcome, ...results, changedFiles, durationMs: performance.now() - started });
    };
    const onCancel = () => finish({ status: "cancelled" }, true);
    cancel.addEventListener("abort", onCancel);
    worker.listener = {
      onMessage: (message) => {
        if (isOutput(message)) transport.drain();
        else if (isOutputChunk(message) && message.jobId === jobId) transport.receive(message.records);
        else if (isStdinWanted(message)) {
          transport.drain();
          events.onStdinWanted();
          transport.stdinWanted();
        } else if (isFileProgress(message) && message.jobId === jobId) filesSoFar?.update(message.report);
        else if (isJobDone(message) && message.jobId === jobId) {
          // The worker's ending is already a public outcome (JobEnd).
          finish(message.end, false, { collected: message.collected, changedFiles: message.changedFiles });
        } else if (isWorkerError(message))
          finish({ status: "crashed", source: "sandbox", message: message.message }, false);
      },
      onFailure: (message, outOfMemory) =>
        finish(
          outOfMemory
            ? { status: "killed", limit: "memory", message: "the sandbox ran out of memory" }
            : { status: "crashed", source: "sandbox", message },
          true,
        ),
    };
    worker.post({
      type: "run-job",
      jobId,
      steps: spec.steps,
      layers: spec.layers.map((layer) => layer.id),
      fs: spec.fs,
      limits: spec.limits,
      stdin: transport.initialStdin,
      transport: transport.wire,
      collect: spec.collect,
      tty: spec.tty,
      trace: spec.trace,
      changedFiles: spec.changedFiles,
    });
  });
}
