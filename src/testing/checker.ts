/**
 * Checker programs: a problem's own judge of an output, for problems with many right
 * answers. The checker is untrusted like the program: it runs in the sandbox with its own
 * limits, its folder as its root, and the case's files under /judge. Compiled once per run.
 *
 * - Kattis output validator: `checker /judge/input /judge/answer /judge/feedback/ [args]`,
 *   the program's output on its stdin; exit 42 accepts, 43 rejects, anything else is the
 *   checker failing; `judgemessage.txt` and `teammessage.txt` are its feedback.
 * - testlib: `checker /judge/input /judge/output /judge/answer [args]`; exit 0 accepts,
 *   3 is the checker failing, anything else rejects; its stderr is its feedback.
 */
import type { CompiledProgram, Engine, FileMap, RunRequest, RunResult } from "../engine/api";
import { DEFAULT_LIMITS, describeOutcome, MiB } from "../engine";
import type { TestHost } from "./host";
import type { CheckerFailure, CheckerSpec, TestFile } from "./model";

const KATTIS_ACCEPT = 42;
const KATTIS_REJECT = 43;
const TESTLIB_FAIL = 3;
const DEFAULT_CHECKER_TIMEOUT_MS = 30_000;
const FEEDBACK_DIR = "/judge/feedback";
const MAX_FEEDBACK = 64 * 1024;
const decoder = new TextDecoder();

export interface CheckInput {
  /** The case's own checker arguments (`TestCase.checkerArgs`), in place of the checker's. */
  args?: string[];
  input: Uint8Array;
  answer: Uint8Array;
  output: Uint8Array;
  signal?: AbortSignal;
}

/** A test file's checker, ready to check outputs: its folder mounted and its program compiled once. */
export class Checker {
  private constructor(
    private readonly engine: Engine,
    private readonly spec: CheckerSpec,
    private readonly files: FileMap,
    private readonly entry: string,
    private readonly compiled: CompiledProgram | undefined,
  ) {}

  /** The checker of `file`, or the reason it cannot check (it does not compile: the compiler's output). */
  static async prepare(
    engine: Engine,
    host: TestHost,
    file: TestFile,
    skip?: (relative: string) => boolean,
  ): Promise<Checker | { error: string }> {
    const spec = file.checker!;
    const entryHost = host.join(host.dirname(file.path), spec.entry);
    const folder = host.dirname(entryHost);
    // A checker next to its test file: the case data reaches it under /judge, not through its folder.
    const files = await host.mountFolder(folder, folder === host.dirname(file.path) ? skip : undefined);
    const entry = "/" + spec.entry.split(/[\\/]/).pop();
    if (!files.has(entry)) return { error: `the checker ${spec.entry} is not in its folder` };
    let compiled: CompiledProgram | undefined;
    if (engine.runtimes().some((r) => r.name === spec.runtime && r.compiled)) {
      const result = await engine.compile({ runtime: spec.runtime, entry, files });
      if (result.status === "failed") {
        return {
          error:
            decoder.decode(result.result.stderr) || describeOutcome(result.result) || "the checker did not compile",
        };
      }
      compiled = result.program;
    }
    return new Checker(engine, spec, files, entry, compiled);
  }

  /** Null when the checker accepts the output; why not otherwise. */
  async check({ args: caseArgs, input, answer, output, signal }: CheckInput): Promise<CheckerFailure | null> {
    const { spec } = this;
    const extra = caseArgs ?? spec.args;
    const files: FileMap = new Map(this.files);
    files.set("/judge/input", input);
    files.set("/judge/answer", answer);
    const kattis = spec.convention === "kattis";
    if (kattis) files.set(`${FEEDBACK_DIR}/.keep`, new Uint8Array(0));
    else files.set("/judge/output", output);
    const request: RunRequest = {
      runtime: spec.runtime,
      entry: this.entry,
      files,
      args: kattis
        ? ["/judge/input", "/judge/answer", `${FEEDBACK_DIR}/`, ...extra]
        : ["/judge/input", "/judge/output", "/judge/answer", ...extra],
      stdin: kattis ? { kind: "bytes", data: output } : undefined,
      compiled: this.compiled,
      limits: {
        timeMs: spec.timeoutMs ?? DEFAULT_CHECKER_TIMEOUT_MS,
        memoryBytes: spec.memoryMib !== undefined ? spec.memoryMib * MiB : DEFAULT_LIMITS.memoryBytes,
      },
      changedFiles: kattis ? { maxFiles: 10, maxFileBytes: MAX_FEEDBACK, maxTotalBytes: 2 * MAX_FEEDBACK } : undefined,
    };
    const handle = this.engine.start(request);
    const onAbort = () => handle.cancel();
    signal?.addEventListener("abort", onAbort);
    const run = await handle.result;
    signal?.removeEventListener("abort", onAbort);
    return kattis ? kattisDecision(run) : testlibDecision(run);
  }
}

function kattisDecision(run: RunResult): CheckerFailure | null {
  const feedback = feedbackFiles(run);
  if (run.status === "exited" && run.exitCode === KATTIS_ACCEPT) return null;
  const judgeMessage = firstLine(feedback) || firstLine(decoder.decode(run.stderr));
  if (run.status === "exited" && run.exitCode === KATTIS_REJECT) {
    return { kind: "checker", convention: "kattis", outcome: "rejected", message: judgeMessage, feedback };
  }
  return {
    kind: "checker",
    convention: "kattis",
    outcome: "failed",
    message: failureOf(run, "42 (accept) or 43 (reject)"),
    feedback: feedback || decoder.decode(run.stderr),
  };
}

function testlibDecision(run: RunResult): CheckerFailure | null {
  const feedback = decoder.decode(run.stderr);
  if (run.status === "exited" && run.exitCode === 0) return null;
  if (run.status === "exited" && run.exitCode !== TESTLIB_FAIL) {
    return { kind: "checker", convention: "testlib", outcome: "rejected", message: firstLine(feedback), feedback };
  }
  return {
    kind: "checker",
    convention: "testlib",
    outcome: "failed",
    message: failureOf(run, "0 (accept) or 1/2 (reject)"),
    feedback,
  };
}

/** `judgemessage.txt` then `teammessage.txt` (Kattis), as the checker wrote them. */
function feedbackFiles(run: RunResult): string {
  const files = run.changedFiles?.files ?? [];
  const text = (name: string) => files.find((f) => f.path === `${FEEDBACK_DIR}/${name}`)?.data;
  return [text("judgemessage.txt"), text("teammessage.txt")]
    .filter((data): data is Uint8Array => data !== undefined && data.length > 0)
    .map((data) => decoder.decode(data).trimEnd())
    .join("\n");
}

function failureOf(run: RunResult, expected: string): string {
  if (run.status === "exited") return `the checker exited ${run.exitCode}, not ${expected}`;
  return `the checker did not finish: ${describeOutcome(run) ?? run.status}`;
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0]?.trim() ?? "";
}
