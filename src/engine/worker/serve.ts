/**
 * The worker's message loop, the same on every platform: the entry file of each platform
 * only hands it a way to post and receive messages.
 */
import {
  isLoadLayer,
  isLoadModule,
  isRunJob,
  isStdinChunk,
  type HostMessage,
  type WorkerMessage,
} from "../wire/protocol";
import type { MessageStdin } from "./guest-stdin";
import { runJob, type Layer, type LoadedModule } from "./job";
import { MemoryPool } from "./memory-pool";

export interface WorkerPort {
  post(message: WorkerMessage): void;
  onMessage(handler: (message: HostMessage) => void): void;
}

export function serve(port: WorkerPort): void {
  const modules = new Map<string, LoadedModule>();
  const layers = new Map<string, Layer>();
  const memories = new MemoryPool();
  // Jobs run one at a time; messages that arrive meanwhile wait their turn.
  let queue = Promise.resolve();
  const stdinOfJob = new Map<number, MessageStdin>();

  port.onMessage((message) => {
    if (isLoadModule(message)) {
      modules.set(message.id, { module: message.module, stubs: message.stubs, memory: message.memory });
    } else if (isLoadLayer(message)) {
      layers.set(message.id, { files: message.files, dirs: message.dirs });
    } else if (isStdinChunk(message)) {
      stdinOfJob.get(message.jobId)?.receive(message.data);
    } else if (isRunJob(message)) {
      const jobId = message.jobId;
      queue = queue.then(async () => {
        try {
          const { end, collected, changedFiles } = await runJob(message, {
            modules,
            memories,
            layers,
            notifyOutput: () => port.post({ type: "output", jobId }),
            sendOutput: (records) => port.post({ type: "output-chunk", jobId, records }),
            askForStdin: () => port.post({ type: "stdin-wanted", jobId }),
            acceptStdinChunks: (stdin) => stdinOfJob.set(jobId, stdin),
            sendFileProgress: (report) => port.post({ type: "file-progress", jobId, report }),
          });
          port.post({ type: "job-done", jobId, end, collected, changedFiles });
        } catch (error) {
          port.post({ type: "worker-error", jobId, message: error instanceof Error ? error.message : String(error) });
        } finally {
          stdinOfJob.delete(jobId);
        }
      });
    }
  });
  port.post({ type: "ready" });
}
