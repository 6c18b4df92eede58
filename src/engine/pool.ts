/**
 * A pool of sandbox workers. A worker runs one job at a time and keeps the modules and
 * layers it was sent, so a warm run posts nothing but the job. A worker stopped for a
 * limit or a cancel is terminated and replaced by a fresh one on demand.
 */
import type { HostMessage, WorkerMessage } from "./wire/protocol";
import { isReady } from "./wire/protocol";
import type { PreparedLayer, PreparedModule } from "./assets";
import type { Platform, WorkerHandle } from "./platform/types";

export interface WorkerListener {
  onMessage(message: WorkerMessage): void;
  onFailure(message: string, outOfMemory: boolean): void;
}

export class PooledWorker {
  readonly loaded = new Set<string>();
  listener: WorkerListener | undefined;
  readonly ready: Promise<void>;
  private readonly handle: WorkerHandle;

  constructor(platform: Platform) {
    let markReady!: () => void;
    let failStart!: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    this.handle = platform.startWorker({
      onMessage: (message) => {
        if (isReady(message)) markReady();
        else this.listener?.onMessage(message);
      },
      onFailure: (message, outOfMemory) => {
        failStart(new Error(message));
        this.listener?.onFailure(message, outOfMemory);
      },
    });
  }

  post(message: HostMessage): void {
    this.handle.post(message);
  }

  /** Sends the modules and layers this worker does not have yet. */
  ensureLoaded(modules: PreparedModule[], layers: PreparedLayer[]): void {
    for (const module of modules) {
      if (this.loaded.has(module.id)) continue;
      this.post({
        type: "load-module",
        id: module.id,
        module: module.module,
        stubs: module.stubs,
        memory: module.memory,
      });
      this.loaded.add(module.id);
    }
    for (const layer of layers) {
      if (this.loaded.has(layer.id)) continue;
      this.post({ type: "load-layer", id: layer.id, files: layer.files, dirs: layer.dirs });
      this.loaded.add(layer.id);
    }
  }

  terminate(): void {
    this.listener = undefined;
    this.handle.terminate();
  }
}

export class WorkerPool {
  private readonly idle: PooledWorker[] = [];
  private readonly busy = new Set<PooledWorker>();
  private readonly waiting: ((worker: PooledWorker) => void)[] = [];
  private disposed = false;

  constructor(
    private readonly platform: Platform,
    private readonly size: number,
  ) {}

  /** Whether host and workers can share memory (Node; a cross-origin-isolated page). */
  get sharedMemory(): boolean {
    return this.platform.sharedMemory;
  }

  /** An idle worker, preferring one that has `preferLoaded` already; waits when all are busy. */
  async acquire(preferLoaded?: string): Promise<PooledWorker> {
    if (this.disposed) throw new Error("the sandbox engine was disposed");
    const worker = await this.take(preferLoaded);
    await worker.ready.catch((error) => {
      this.discard(worker);
      throw error;
    });
    return worker;
  }

  /** Marks the worker busy synchronously, so concurrent acquires never exceed the size. */
  private take(preferLoaded: string | undefined): PooledWorker | Promise<PooledWorker> {
    const index = preferLoaded ? this.idle.findIndex((w) => w.loaded.has(preferLoaded)) : -1;
    let worker = index >= 0 ? this.idle.splice(index, 1)[0] : this.idle.pop();
    if (!worker && this.busy.size < this.size) worker = new PooledWorker(this.platform);
    if (!worker) return new Promise<PooledWorker>((resolve) => this.waiting.push(resolve));
    this.busy.add(worker);
    return worker;
  }

  /** Starts a worker now if the pool has none, so that it starts while a first run's files load. */
  startOne(): void {
    if (!this.disposed && this.idle.length + this.busy.size === 0) this.idle.push(new PooledWorker(this.platform));
  }

  /** Starts the pool's workers now and has each idle one load these, ahead of the first runs. */
  warm(modules: PreparedModule[], layers: PreparedLayer[]): void {
    if (this.disposed) return;
    while (this.idle.length + this.busy.size < this.size) this.idle.push(new PooledWorker(this.platform));
    for (const worker of this.idle) worker.ensureLoaded(modules, layers);
  }

  release(worker: PooledWorker): void {
    worker.listener = undefined;
    this.busy.delete(worker);
    this.handOver(worker);
  }

  /** Terminate a worker (limit, cancel, failure); the next acquire may start a new one. */
  discard(worker: PooledWorker): void {
    worker.terminate();
    this.busy.delete(worker);
    if (this.waiting.length > 0 && !this.disposed) {
      const fresh = new PooledWorker(this.platform);
      this.busy.add(fresh);
      this.waiting.shift()!(fresh);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const worker of [...this.idle, ...this.busy]) worker.terminate();
    this.idle.length = 0;
    this.busy.clear();
  }

  private handOver(worker: PooledWorker): void {
    const next = this.waiting.shift();
    if (next) {
      this.busy.add(worker);
      next(worker);
    } else {
      this.idle.push(worker);
    }
  }
}
