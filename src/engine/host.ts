/**
 * The engine: turns a RunRequest into jobs (compile, then run) on the worker pool, and
 * their outcomes into one RunResult.
 */
import type {
  CompileResult,
  CompiledProgram,
  Engine,
  Limits,
  RunHandle,
  RunOptions,
  RunOutcome,
  RunRequest,
  RunResult,
  RuntimeInfo,
  RuntimeName,
} from "./api";
import { DEFAULT_LIMITS } from "./defaults";
import { AssetCache, ProgramRejected, type PreparedLayer, type PreparedModule } from "./assets";
import { withoutUnchangedInputs } from "./changed-files";
import { precompiledHeaderFor } from "./precompiled-header";
import { compileCacheKey, type CachedProgram, type CompileCache } from "./compile-cache";
import type { JobSpec } from "./job-runner";
import type { Platform } from "./platform/types";
import { WorkerPool } from "./pool";
import type { JobFiles, JobStep } from "./wire/protocol";
import {
  expand,
  expandArgs,
  placeholdersFor,
  RuntimeRegistry,
  standardProblem,
  type CommandDescriptor,
  type RuntimeDescriptor,
} from "./runtimes";
import { Run } from "./run";

export interface EngineOptions {
  /** Workers running at once (default: the platform's parallelism). */
  workers?: number;
  /** Where compiled programs are kept, so an unchanged program is not compiled again. */
  compileCache?: CompileCache;
  /** Log every WASI call of every program to the console: for debugging the sandbox. */
  traceSyscalls?: boolean;
  /** Runtimes replacing those of `langs/` with the same name (the bench runs superseded versions this way). */
  runtimes?: RuntimeDescriptor[];
}

const encoder = new TextEncoder();

export class SandboxEngine implements Engine {
  private readonly registry: RuntimeRegistry;
  private readonly assets: AssetCache;
  private readonly pool: WorkerPool;
  private readonly trace: boolean;
  private readonly compileCache: CompileCache | undefined;

  constructor(platform: Platform, options: EngineOptions = {}) {
    this.trace = options.traceSyscalls ?? false;
    this.registry = new RuntimeRegistry(options.runtimes);
    this.compileCache = options.compileCache;
    this.assets = new AssetCache(platform);
    this.pool = new WorkerPool(platform, Math.max(1, options.workers ?? platform.parallelism()));
  }

  runtimes(): RuntimeInfo[] {
    return this.registry.list();
  }

  runtimeForFile(fileName: string): RuntimeName | undefined {
    return this.registry.forFile(fileName)?.name;
  }

  run(request: RunRequest, options?: RunOptions): Promise<RunResult> {
    return this.start(request, options).result;
  }

  start(request: RunRequest, options: RunOptions = {}): RunHandle {
    const run = new Run(request, options);
    return run.handle(this.execute(run));
  }

  async compile(request: RunRequest, options: RunOptions = {}): Promise<CompileResult> {
    const run = new Run(request, options);
    const limits = { ...DEFAULT_LIMITS, ...request.limits };
    try {
      const descriptor = this.descriptor(request);
      return await this.compileWith(descriptor, run, limits);
    } catch (error) {
      return { status: "failed", result: run.result(crashOf(error), 0) };
    }
  }

  async warmUp(runtime: RuntimeName, limits: Partial<Limits> = {}): Promise<void> {
    const descriptor = this.registry.get(runtime);
    if (!descriptor) return;
    // With a compile cache the compiler may not be needed at all: start the workers only,
    // and let a compile that misses load it (it would at once anyway).
    if (descriptor.compile && this.compileCache) return this.pool.warm([], []);
    // The memory cap is part of a module's identity: compile steps always use the default,
    // a runtime's run step the runs' own.
    const memoryBytes = descriptor.compile
      ? DEFAULT_LIMITS.memoryBytes
      : (limits.memoryBytes ?? DEFAULT_LIMITS.memoryBytes);
    const commands = descriptor.compile ? descriptor.compile.steps : [descriptor.run];
    const binaries = commands.filter((c) => !c.binary.startsWith("{"));
    const kind = descriptor.compile ? "tool" : "program";
    const modules = await Promise.all(
      binaries.map((c) => this.assets.runtimeModule(c.binary, memoryBytes, c.stubs, kind)),
    );
    const layers = await Promise.all(
      (descriptor.compile?.layers ?? descriptor.layers ?? []).map((l) => this.assets.layer(l)),
    );
    this.pool.warm(modules, layers);
  }

  async dispose(): Promise<void> {
    this.pool.dispose();
  }

  private async execute(run: Run): Promise<RunResult> {
    const request = run.request;
    const limits = { ...DEFAULT_LIMITS, ...request.limits };
    try {
      const descriptor = this.descriptor(request);
      let program = request.compiled;
      let compiledHere: { compileMs: number; diagnostics: Uint8Array } | undefined;
      if (descriptor.compile && !program) {
        const compiled = await this.compileWith(descriptor, run, limits);
        if (compiled.status === "failed") return compiled.result;
        program = compiled.program;
        compiledHere = { compileMs: compiled.durationMs, diagnostics: program.diagnostics };
      }
      if (run.isCancelled) return run.result({ status: "cancelled" }, 0);

      const layersLoaded = this.startLoading(descriptor.layers ?? []);
      const module = await this.runModule(descriptor, request, limits, program);
      const layers = await layersLoaded;
      const spec = this.jobSpec(descriptor, request, {
        steps: [this.step(descriptor.run, module, request, true)],
        modules: [module],
        layers,
        limits,
        timeLimitMs: limits.timeMs,
        stdin: {
          data: request.stdin?.kind === "bytes" ? request.stdin.data : new Uint8Array(0),
          writer: run.stdinWriter,
        },
        tty: request.tty ?? false,
        changedFiles: request.changedFiles,
      });
      const report = await run.job(this.pool, spec);
      const result = run.result(report.outcome, report.durationMs);
      const changedFiles = report.changedFiles && withoutUnchangedInputs(report.changedFiles, request.files);
      return { ...result, ...compiledHere, ...(changedFiles && { changedFiles }) };
    } catch (error) {
      return run.result(crashOf(error), 0);
    }
  }

  /**
   * Starts a worker (if the pool has none) and the unpacking of `layers` (on the platform's
   * threads), for the caller to load its modules meanwhile: a cold start's three slow parts at
   * once. The promise is awaited by the caller; a module that fails first leaves it handled.
   */
  private startLoading(layers: string[]): Promise<PreparedLayer[]> {
    this.pool.startOne();
    const loaded = Promise.all(layers.map((layer) => this.assets.layer(layer)));
    loaded.catch(() => {});
    return loaded;
  }

  /** The one builder of a job: the parts that differ between a compile and a run, and what they share. */
  private jobSpec(
    descriptor: RuntimeDescriptor,
    request: RunRequest,
    parts: Omit<JobSpec, "fs" | "trace" | "tty"> & { tty?: boolean },
  ): JobSpec {
    return { ...parts, fs: this.jobFiles(request, descriptor), tty: parts.tty ?? false, trace: this.trace };
  }

  private async compileWith(descriptor: RuntimeDescriptor, run: Run, limits: Limits): Promise<CompileResult> {
    const request = run.request;
    const compile = descriptor.compile;
    if (!compile) throw new ProgramRejected(`the ${descriptor.name} runtime has no compile step`);
    const cacheKey = this.compileCache ? await compileCacheKey(descriptor, request) : undefined;
    const cached = cacheKey ? await this.cachedProgram(cacheKey) : undefined;
    if (cached) {
      // As a compile would: its warnings reach the caller, and are not the program's output.
      run.notify("stderr", cached.diagnostics);
      return { status: "compiled", program: { runtime: descriptor.name, ...cached }, durationMs: 0 };
    }
    const std = request.std ?? descriptor.standards?.default ?? "";
    const pch = precompiledHeaderFor(compile.precompiled, request, std);
    const layersLoaded = this.startLoading(pch ? [...compile.layers, pch.layer] : compile.layers);
    const modules = await Promise.all(
      compile.steps.map((step) =>
        this.assets.runtimeModule(step.binary, DEFAULT_LIMITS.memoryBytes, step.stubs, "tool"),
      ),
    );
    const layers = await layersLoaded;
    const spec = this.jobSpec(descriptor, request, {
      steps: compile.steps.map((step, i) => this.step(step, modules[i], request, false, compile.output, pch?.args)),
      modules,
      layers,
      limits: { ...limits, memoryBytes: DEFAULT_LIMITS.memoryBytes },
      timeLimitMs: limits.compileTimeMs,
      stdin: { data: new Uint8Array(0) },
      collect: compile.output,
    });
    const report = await run.job(this.pool, spec);
    const outcome = report.outcome;
    if (outcome.status === "exited" && outcome.exitCode === 0 && report.collected) {
      const diagnostics = run.takeOutput();
      // A cache that cannot be written only means compiling again next time.
      if (cacheKey) await this.compileCache!.set(cacheKey, { wasm: report.collected, diagnostics }).catch(() => {});
      return {
        status: "compiled",
        program: { runtime: descriptor.name, wasm: report.collected, diagnostics },
        durationMs: report.durationMs,
      };
    }
    // A compiler that exits, with no program to show for it, failed.
    const failed: RunOutcome =
      outcome.status === "exited" ? { status: "compile-failed", exitCode: outcome.exitCode || 1 } : outcome;
    return { status: "failed", result: { ...run.result(failed, 0), compileMs: report.durationMs } };
  }

  /** A cached program, unless there is none or it is not valid WebAssembly (a damaged cache). */
  private async cachedProgram(key: string): Promise<CachedProgram | undefined> {
    const program = await this.compileCache!.get(key).catch(() => undefined);
    return program && WebAssembly.validate(program.wasm as Uint8Array<ArrayBuffer>) ? program : undefined;
  }

  private descriptor(request: RunRequest): RuntimeDescriptor {
    const descriptor = this.registry.get(request.runtime);
    if (!descriptor) {
      const names = this.registry
        .list()
        .map((r) => r.name)
        .join(", ");
      throw new ProgramRejected(`unknown runtime "${request.runtime}" (known: ${names})`);
    }
    if (!request.files.has(request.entry) && !request.compiled) {
      throw new ProgramRejected(`the program ${request.entry} is not among the sandbox's files`);
    }
    const problem = standardProblem(descriptor, request.std);
    if (problem) throw new ProgramRejected(problem);
    return descriptor;
  }

  /** The module the run step starts: a runtime binary, the user's .wasm, or the compiled program. */
  private runModule(
    descriptor: RuntimeDescriptor,
    request: RunRequest,
    limits: Limits,
    program: CompiledProgram | undefined,
  ): Promise<PreparedModule> {
    const binary = descriptor.run.binary;
    if (binary === "{output}") {
      if (!program) throw new ProgramRejected(`the ${descriptor.name} runtime needs a compiled program`);
      return this.assets.userModule(program.wasm, limits.memoryBytes, request.entry);
    }
    if (binary === "{entry}") {
      // A module given ready (`compiled`) need not be among the guest's files.
      const wasm = request.compiled?.wasm ?? request.files.get(request.entry)!;
      return this.assets.userModule(wasm, limits.memoryBytes, request.entry);
    }
    return this.assets.runtimeModule(binary, limits.memoryBytes, descriptor.run.stubs);
  }

  private step(
    command: CommandDescriptor,
    module: PreparedModule,
    request: RunRequest,
    isProgram: boolean,
    output = "",
    precompiled?: string[],
  ): JobStep {
    const values = { ...placeholdersFor(request, output, this.registry.get(request.runtime)?.standards), precompiled };
    const args = expandArgs(command.args, values);
    // The runtime's own variables, then the user's: nothing of the host's. PWD as a shell
    // sets it; runtimes whose libc keeps a working directory chdir to it. A user's own
    // module sees exactly the environment it was given, as under wasmtime.
    const base = command.binary === "{entry}" ? { ...command.env } : { PWD: values.cwd, ...command.env };
    const env = isProgram ? { ...base, ...request.env } : base;
    const argv = [expand(command.argv0, values), ...args];
    return {
      moduleId: module.id,
      argv,
      env,
      takesStdin: isProgram,
      exitMarker: command.exitMarker,
      reactor: command.reactor?.map((call) => ({
        export: call.export,
        params: (call.args ?? []).map((arg) => (arg === "{argv}" ? argv : expand(arg, values))),
      })),
    };
  }

  private jobFiles(request: RunRequest, descriptor: RuntimeDescriptor): JobFiles {
    const values = placeholdersFor(request, "");
    const files: [string, Uint8Array][] = [...request.files];
    for (const [path, text] of Object.entries(descriptor.files ?? {})) {
      files.push([path, encoder.encode(expand(text, values))]);
    }
    return { files, dirs: ["/tmp", values.cwd], cwd: values.cwd };
  }
}

function crashOf(error: unknown): RunOutcome {
  if (error instanceof ProgramRejected) return { status: "crashed", source: "sandbox", message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { status: "crashed", source: "sandbox", message: `the sandbox failed: ${message}` };
}
