/**
 * The runtimes, described declaratively in `langs/*.json`, and the steps a run of each
 * takes. Placeholders in arguments and runtime files: `{entry}` the program as given on a
 * command line (relative to the working directory when inside it, as a native run shows it
 * in tracebacks and diagnostics), `{entryPath}` its absolute guest path, `{cwd}` the
 * working directory, `{output}` the compiled program's guest path, `{std}` the language
 * standard (`RunRequest.std`, or the descriptor's default), and `{args}` (a whole argument)
 * the user's arguments, spread.
 */
import type { RunRequest, RuntimeInfo, RuntimeName } from "./api";
import type { PrecompiledHeaderDescriptor } from "./precompiled-header";
import clang from "../../langs/clang.json";
import clangpp from "../../langs/clangpp.json";
import php from "../../langs/php-cgi.json";
import python from "../../langs/python.json";
import quickjs from "../../langs/quickjs.json";
import ruby from "../../langs/ruby.json";
import sqlite from "../../langs/sqlite.json";
import wasiRuntime from "../../langs/wasi.json";

export interface StubImport {
  module: string;
  /** Absent: every import of `module`. */
  name?: string;
  /** Calling the stub stops the program with this message; without one it returns ENOSYS. */
  message?: string;
}

/** A call into an export of a reactor, after its `_initialize`. */
export interface ReactorCallDescriptor {
  export: string;
  /** String parameters (with placeholders); `{argv}` is the whole argv as a list of C strings. */
  args?: string[];
}

/** One program invocation of a descriptor. `binary` is a runtime file, or `{entry}` / `{output}`. */
export interface CommandDescriptor {
  binary: string;
  argv0: string;
  args: string[];
  env?: Record<string, string>;
  stubs?: StubImport[];
  /** See `JobStep.exitMarker`. */
  exitMarker?: string;
  /** See `JobStep.reactor`: the binary is a reactor, driven by these calls instead of `_start`. */
  reactor?: ReactorCallDescriptor[];
}

export interface RuntimeDescriptor {
  name: RuntimeName;
  title: string;
  version: string;
  extensions: string[];
  origin: string;
  license: string;
  /** What remains different from running the program natively, one line each. */
  differences?: string[];
  /** Runtime files unpacked into the guest filesystem (`.tar.gz`), shared read-only between runs. */
  layers?: string[];
  /** Guest files the runtime adds (a prelude, say), as text with placeholders. */
  files?: Record<string, string>;
  /** The language standards a compiler takes as `-std=`, and the one used when a run names none. */
  standards?: { default: string; known: string[] };
  compile?: {
    layers: string[];
    steps: CommandDescriptor[];
    output: string;
    /** A precompiled header the first step can use (its `{precompiled}` argument). */
    precompiled?: PrecompiledHeaderDescriptor;
  };
  run: CommandDescriptor;
}

const DESCRIPTORS = [python, ruby, quickjs, clang, clangpp, php, sqlite, wasiRuntime] as RuntimeDescriptor[];

export class RuntimeRegistry {
  private readonly byName = new Map<string, RuntimeDescriptor>();

  constructor(replacements: RuntimeDescriptor[] = []) {
    for (const descriptor of [...DESCRIPTORS, ...replacements]) this.byName.set(descriptor.name, descriptor);
  }

  list(): RuntimeInfo[] {
    return [...this.byName.values()].map((d) => ({
      name: d.name,
      title: d.title,
      version: d.version,
      extensions: d.extensions,
      origin: d.origin,
      license: d.license,
      differences: d.differences,
      compiled: d.compile !== undefined,
      standards: d.standards,
      flags: d.compile ? compilerFlags(d) : undefined,
      precompiledHeader: d.compile?.precompiled && {
        include: d.compile.precompiled.include,
        standards: d.compile.precompiled.standards,
      },
    }));
  }

  get(name: string): RuntimeDescriptor | undefined {
    return this.byName.get(name);
  }

  forFile(fileName: string): RuntimeDescriptor | undefined {
    const lower = fileName.toLowerCase();
    for (const descriptor of this.byName.values()) {
      if (descriptor.extensions.some((ext) => lower.endsWith(ext))) return descriptor;
    }
    return undefined;
  }
}

export interface Placeholders {
  entry: string;
  entryPath: string;
  cwd: string;
  output: string;
  std: string;
  args: string[];
  /** The options that use a precompiled header (`{precompiled}`, a whole argument, spread), if one is used. */
  precompiled?: string[];
}

export function placeholdersFor(
  request: Pick<RunRequest, "entry" | "args" | "cwd" | "std">,
  output: string,
  standards?: RuntimeDescriptor["standards"],
): Placeholders {
  const cwd = request.cwd ?? dirname(request.entry);
  const prefix = cwd === "/" ? "/" : `${cwd}/`;
  const entry = request.entry.startsWith(prefix) ? request.entry.slice(prefix.length) : request.entry;
  return {
    entry,
    entryPath: request.entry,
    cwd,
    output,
    std: request.std ?? standards?.default ?? "",
    args: request.args ?? [],
  };
}

export function expand(text: string, values: Placeholders): string {
  return text
    .replaceAll("{entryPath}", values.entryPath)
    .replaceAll("{entry}", values.entry)
    .replaceAll("{cwd}", values.cwd)
    .replaceAll("{output}", values.output)
    .replaceAll("{std}", values.std);
}

/** Arguments with placeholders filled in; `{args}` spreads the user's arguments, `{precompiled}` the PCH's options. */
export function expandArgs(args: string[], values: Placeholders): string[] {
  return args.flatMap((arg) =>
    arg === "{args}" ? values.args : arg === "{precompiled}" ? (values.precompiled ?? []) : [expand(arg, values)],
  );
}

/** The first compile step's options, without the file names and the working directory. */
function compilerFlags(descriptor: RuntimeDescriptor): string[] {
  const args = descriptor.compile!.steps[0].args;
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-o" || args[i] === "-working-directory") i++;
    else if (args[i] !== "{entry}" && args[i] !== "{precompiled}")
      flags.push(args[i].replace("{std}", descriptor.standards?.default ?? ""));
  }
  return flags;
}

/** Why a run's `std` cannot be used with this runtime, or undefined when it can. */
export function standardProblem(descriptor: RuntimeDescriptor, std: string | undefined): string | undefined {
  if (std === undefined) return undefined;
  const known = descriptor.standards?.known;
  if (!known) return `the ${descriptor.name} runtime takes no language standard (it compiles nothing)`;
  if (!known.includes(std))
    return `unknown language standard "${std}" for ${descriptor.name} (known: ${known.join(", ")})`;
  return undefined;
}

function dirname(path: string): string {
  const index = path.lastIndexOf("/");
  return index <= 0 ? "/" : path.slice(0, index);
}
