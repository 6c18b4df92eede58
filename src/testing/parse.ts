/**
 * Parses a `*.runno.yaml` test file into a TestFile, or into problems with positions.
 * Hostile input is refused before parsing (size, nesting), aliases are bounded, custom
 * tags are refused; every problem names a line and column.
 */
import { isAlias, isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { Engine, RuntimeName } from "../engine/api";
import type {
  CaseData,
  CaseGenerator,
  CheckerConvention,
  CheckerSpec,
  MatchMode,
  NativeTimeLimit,
  ParseResult,
  Position,
  Span,
  TestCase,
  TestFile,
  TestFileProblem,
  TokensMatch,
} from "./model";
import { compileRegex } from "./compare";
import { checkYamlText } from "./yaml-guard";

export const TEST_FILE_PATTERN = /\.runno\.ya?ml$/;
/** The same files, as a glob under a folder. */
export const TEST_GLOB = "**/*.runno.{yaml,yml}";

export const FILE_KEYS = [
  "entry",
  "runtime",
  "std",
  "timeout",
  "time_limit",
  "time_multiplier",
  "memory",
  "output_limit",
  "files",
  "env",
  "args",
  "match",
  "checker",
  "tests",
] as const;
export const CASE_KEYS = [
  "name",
  "stdin",
  "args",
  "env",
  "files",
  "stdout",
  "stderr",
  "exit",
  "timeout",
  "match",
  "points",
  "skip",
  "only",
] as const;
/** Keys of a `tests` entry that generates a case per input file. */
export const GENERATOR_KEYS = [
  "cases",
  "answers",
  "args",
  "env",
  "exit",
  "timeout",
  "match",
  "points",
  "skip",
  "only",
] as const;
export const TOKENS_KEYS = [
  "case_sensitive",
  "space_change_sensitive",
  "float_tolerance",
  "float_absolute_tolerance",
  "float_relative_tolerance",
] as const;
export const CHECKER_KEYS = ["entry", "runtime", "convention", "args", "timeout", "memory"] as const;
const CHECKER_CONVENTIONS: readonly CheckerConvention[] = ["kattis", "testlib"];
const MATCH_NAMES = ["lines", "exact", "contains", "regex", "tokens"];
/** Answer files tried for a generated case, in order, as the Kattis format names them first. */
export const DEFAULT_ANSWER_EXTENSIONS = [".ans", ".out"];
/** The tokens mode with no option given: the Kattis default output validator's defaults. */
export const DEFAULT_TOKENS: TokensMatch = { kind: "tokens", caseSensitive: false, spaceChangeSensitive: false };
const MAX_ALIASES = 100;

/** Decides the runtime of an entry file from its name (the engine's table). */
export type RuntimeLookup = (fileName: string) => RuntimeName | undefined;

export interface RuntimeNames {
  forFile: RuntimeLookup;
  known: readonly string[];
}

/** The engine's runtimes, as the parser needs them. */
export function runtimeNamesOf(engine: Pick<Engine, "runtimeForFile" | "runtimes">): RuntimeNames {
  return { forFile: (name) => engine.runtimeForFile(name), known: engine.runtimes().map((r) => r.name) };
}

class Problems {
  readonly list: TestFileProblem[] = [];
  constructor(
    private readonly path: string,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number | undefined, message: string): void {
    const pos = offset === undefined ? { line: 1, col: 1 } : this.lines.linePos(offset);
    this.list.push({ path: this.path, position: { line: pos.line, column: pos.col }, message });
  }
}

export function parseTestFile(path: string, text: string, runtimes: RuntimeNames): ParseResult {
  const guard = checkYamlText(text);
  if (guard)
    return {
      ok: false,
      problems: [{ path, position: { line: guard.line, column: guard.column }, message: guard.message }],
    };

  const lines = new LineCounter();
  const problems = new Problems(path, lines);
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, schema: "core" });
  } catch (error) {
    // A last line of defence: the guard should have refused anything this deep.
    return {
      ok: false,
      problems: [{ path, position: { line: 1, column: 1 }, message: `cannot parse this file: ${String(error)}` }],
    };
  }
  for (const error of doc.errors) problems.at(error.pos[0], yamlMessage(error.message));
  for (const warning of doc.warnings) {
    problems.at(
      warning.pos[0],
      warning.code === "TAG_RESOLVE_FAILED" ? "custom YAML tags are not allowed here" : yamlMessage(warning.message),
    );
  }
  if (problems.list.length > 0) return { ok: false, problems: problems.list };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return {
      ok: false,
      problems: [
        {
          path,
          position: { line: 1, column: 1 },
          message: `too many YAML aliases (at most ${MAX_ALIASES}): ${error instanceof Error ? error.message : error}`,
        },
      ],
    };
  }

  const reader = new Reader(doc, problems, lines);
  const file = reader.file(path, data, runtimes);
  if (problems.list.length > 0 || !file) return { ok: false, problems: problems.list };
  return { ok: true, file };
}

function yamlMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+.*$/s, "").trim();
}

type Key = string | number;

/** Walks the plain data, looking positions up in the document by path. */
class Reader {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly problems: Problems,
    private readonly lines: LineCounter,
  ) {}

  private node(path: Key[]): Node | undefined {
    const node = this.doc.getIn(path, true) as Node | undefined;
    return node && isAlias(node) ? ((node.resolve(this.doc) as Node | undefined) ?? node) : node;
  }

  /** Offset of the key of `path` when it is a mapping entry, else of its value. */
  private offset(path: Key[]): number | undefined {
    if (path.length > 0) {
      const parent = this.node(path.slice(0, -1));
      if (parent && isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path[path.length - 1]);
        if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
      }
    }
    return this.node(path)?.range?.[0];
  }

  span(path: Key[]): Span {
    const node = this.node(path);
    const start = this.offset(path) ?? 0;
    const end = node?.range?.[1] ?? start;
    return { start: this.position(start), end: this.position(end) };
  }

  private position(offset: number): Position {
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  problem(path: Key[], message: string): void {
    this.problems.at(this.offset(path), message);
  }

  file(path: string, data: unknown, runtimes: RuntimeNames): TestFile | undefined {
    if (!isRecord(data)) {
      this.problem([], "a test file is a mapping with `entry` and `tests`");
      return undefined;
    }
    this.unknownKeys(data, [], FILE_KEYS, "file");
    const entry = this.string(data, ["entry"], true);
    let runtime: RuntimeName | undefined;
    if (data.runtime !== undefined) {
      const name = this.string(data, ["runtime"], false);
      if (name !== undefined && !runtimes.known.includes(name)) {
        this.problem(["runtime"], `unknown runtime "${name}" (one of: ${runtimes.known.join(", ")})`);
      } else runtime = name as RuntimeName | undefined;
    } else if (entry !== undefined) {
      runtime = runtimes.forFile(entry);
      if (!runtime)
        this.problem(["entry"], `cannot tell the runtime of "${entry}" from its extension; add \`runtime:\``);
    }
    const match = data.match === undefined ? { kind: "lines" as const } : this.match(data.match, ["match"]);
    const tests = data.tests;
    const cases: TestCase[] = [];
    const generators: CaseGenerator[] = [];
    if (tests === undefined) this.problem([], "missing `tests:` (a list of test cases)");
    else if (!Array.isArray(tests)) this.problem(["tests"], "`tests` must be a list of test cases");
    else {
      const names = new Map<string, number>();
      tests.forEach((item, index) => {
        if (isRecord(item) && "cases" in item) {
          const generator = this.generator(item, ["tests", index], index, match ?? { kind: "lines" });
          if (generator) generators.push(generator);
          return;
        }
        const testCase = this.testCase(item, ["tests", index], match ?? { kind: "lines" });
        if (!testCase) return;
        const earlier = names.get(testCase.name);
        if (earlier !== undefined) {
          this.problem(["tests", index, "name"], `duplicate test name "${testCase.name}" (also test ${earlier + 1})`);
        }
        names.set(testCase.name, index);
        cases.push(testCase);
      });
      if (tests.length === 0) this.problem(["tests"], "`tests` is empty: add at least one test case");
    }
    const timeoutMs = this.seconds(data, ["timeout"]);
    const timeLimit = this.timeLimit(data);
    if (timeoutMs !== undefined && timeLimit !== undefined) {
      this.problem(
        ["time_limit"],
        "`timeout` and `time_limit` both set: `timeout` is the sandbox's own seconds, `time_limit` a native limit multiplied by the runtime's slowdown; keep one",
      );
    }
    const checker = data.checker === undefined ? undefined : this.checker(data.checker, runtimes);
    if (entry === undefined || runtime === undefined) return undefined;
    return {
      path,
      entry,
      entrySpan: this.span(["entry"]),
      runtime,
      std: this.string(data, ["std"], false),
      timeoutMs,
      timeLimit,
      memoryMib: this.positive(data, ["memory"]),
      outputLimitMib: this.positive(data, ["output_limit"]),
      checker,
      files: this.stringList(data, ["files"]),
      env: this.stringMap(data, ["env"]),
      args: this.stringList(data, ["args"]),
      cases,
      generators,
    };
  }

  private timeLimit(data: Record<string, unknown>): NativeTimeLimit | undefined {
    const nativeMs = this.seconds(data, ["time_limit"]);
    const multiplier = this.positive(data, ["time_multiplier"]);
    if (multiplier !== undefined && nativeMs === undefined) {
      this.problem(
        ["time_multiplier"],
        "`time_multiplier` multiplies a `time_limit`: add one (the native limit, in seconds)",
      );
    }
    return nativeMs === undefined ? undefined : { nativeMs, multiplier };
  }

  /** `checker: check.py`, or a mapping with `entry` and the rest. */
  private checker(value: unknown, runtimes: RuntimeNames): CheckerSpec | undefined {
    const path: Key[] = ["checker"];
    const item: Record<string, unknown> | undefined =
      typeof value === "string" ? { entry: value } : isRecord(value) ? value : undefined;
    if (!item) {
      this.problem(
        path,
        "`checker` is a program (`checker: check.py`) or a mapping with `entry`, `convention`, `args`, `timeout`, `memory`",
      );
      return undefined;
    }
    const at = (key: string): Key[] => (typeof value === "string" ? path : [...path, key]);
    if (typeof value !== "string") this.unknownKeys(item, path, CHECKER_KEYS, "checker");
    const entry = typeof value === "string" ? value : this.string(item, [...path, "entry"], true);
    let runtime: RuntimeName | undefined;
    if (item.runtime !== undefined) {
      const name = this.string(item, [...path, "runtime"], false);
      if (name !== undefined && !runtimes.known.includes(name))
        this.problem(at("runtime"), `unknown runtime "${name}" (one of: ${runtimes.known.join(", ")})`);
      else runtime = name as RuntimeName | undefined;
    } else if (entry !== undefined) {
      runtime = runtimes.forFile(entry);
      if (!runtime)
        this.problem(
          at("entry"),
          `cannot tell the runtime of the checker "${entry}" from its extension; add \`runtime:\` under \`checker:\``,
        );
    }
    let convention: CheckerConvention = "kattis";
    if (item.convention !== undefined) {
      if (CHECKER_CONVENTIONS.includes(item.convention as CheckerConvention))
        convention = item.convention as CheckerConvention;
      else
        this.problem(
          at("convention"),
          `\`convention\` is one of ${CHECKER_CONVENTIONS.join(", ")} (kattis: \`checker INPUT ANSWER FEEDBACK_DIR\` exiting 42/43; testlib: \`checker INPUT OUTPUT ANSWER\` exiting 0)`,
        );
    }
    if (entry === undefined || runtime === undefined) return undefined;
    return {
      entry,
      runtime,
      convention,
      args: typeof value === "string" ? [] : this.stringList(item, [...path, "args"]),
      timeoutMs: typeof value === "string" ? undefined : this.seconds(item, [...path, "timeout"]),
      memoryMib: typeof value === "string" ? undefined : this.positive(item, [...path, "memory"]),
      span: this.span(path),
    };
  }

  /** A `tests` entry with `cases: GLOB`: the settings its cases share. */
  private generator(
    item: Record<string, unknown>,
    path: Key[],
    index: number,
    defaultMatch: MatchMode,
  ): CaseGenerator | undefined {
    this.unknownKeys(
      item,
      path,
      GENERATOR_KEYS,
      "`cases:` entry",
      " (the input and answer come from the files; `name`, `stdin` and `stdout` belong to a single case)",
    );
    const inputs = this.string(item, [...path, "cases"], true);
    let answerExtensions = DEFAULT_ANSWER_EXTENSIONS;
    if (item.answers !== undefined) {
      const list = this.stringList(item, [...path, "answers"]);
      if (list.length === 0 || !list.every((ext) => /^\.[^/\\]+$/.test(ext))) {
        this.problem(
          [...path, "answers"],
          "`answers` is a list of file extensions tried in order, such as [.ans, .out]",
        );
      } else answerExtensions = list;
    }
    if (inputs !== undefined && !/\.[^/*?]+$/.test(inputs)) {
      this.problem(
        [...path, "cases"],
        "`cases` is a glob of input files with an extension, such as data/secret/*.in (the answer file has the same name with .ans or .out)",
      );
      return undefined;
    }
    const exitCode = item.exit === undefined ? 0 : this.integer(item, [...path, "exit"]);
    if (inputs === undefined) return undefined;
    return {
      inputs,
      answerExtensions,
      index,
      span: this.span(path),
      template: {
        args: this.stringList(item, [...path, "args"]),
        env: this.stringMap(item, [...path, "env"]),
        exitCode: exitCode ?? 0,
        timeoutMs: this.seconds(item, [...path, "timeout"]),
        match: item.match === undefined ? defaultMatch : (this.match(item.match, [...path, "match"]) ?? defaultMatch),
        points: item.points === undefined ? undefined : this.positive(item, [...path, "points"], true),
        skip: this.boolean(item, [...path, "skip"]),
        only: this.boolean(item, [...path, "only"]),
      },
    };
  }

  private testCase(item: unknown, path: Key[], defaultMatch: MatchMode): TestCase | undefined {
    if (!isRecord(item)) {
      this.problem(path, "a test case is a mapping with at least `name`");
      return undefined;
    }
    this.unknownKeys(item, path, CASE_KEYS, "test case");
    const name = this.string(item, [...path, "name"], true);
    const exitCode = item.exit === undefined ? 0 : this.integer(item, [...path, "exit"]);
    const points = item.points === undefined ? undefined : this.positive(item, [...path, "points"], true);
    const testCase: TestCase = {
      name: name ?? "",
      span: this.span(path),
      stdin: this.data(item, [...path, "stdin"]) ?? { kind: "text", text: "" },
      args: this.stringList(item, [...path, "args"]),
      env: this.stringMap(item, [...path, "env"]),
      files: this.stringMap(item, [...path, "files"]),
      stdout: this.data(item, [...path, "stdout"]),
      stderr: this.data(item, [...path, "stderr"]),
      exitCode: exitCode ?? 0,
      timeoutMs: this.seconds(item, [...path, "timeout"]),
      match: item.match === undefined ? defaultMatch : (this.match(item.match, [...path, "match"]) ?? defaultMatch),
      points,
      skip: this.boolean(item, [...path, "skip"]),
      only: this.boolean(item, [...path, "only"]),
      spans: {
        stdout: item.stdout === undefined ? undefined : this.span([...path, "stdout"]),
        stderr: item.stderr === undefined ? undefined : this.span([...path, "stderr"]),
        exitCode: item.exit === undefined ? undefined : this.span([...path, "exit"]),
      },
    };
    if (testCase.match.kind === "regex") {
      for (const stream of ["stdout", "stderr"] as const) {
        const data = testCase[stream];
        if (data === undefined) continue;
        if (data.kind === "file") {
          this.problem([...path, stream], "`match: regex` takes its pattern as text, not from a file");
          continue;
        }
        const pattern = data.text;
        try {
          compileRegex(pattern);
        } catch (error) {
          this.problem([...path, stream], `invalid regex: ${error instanceof Error ? error.message : error}`);
        }
      }
    }
    return name === undefined ? undefined : testCase;
  }

  private match(value: unknown, path: Key[]): MatchMode | undefined {
    if (value === "tokens") return DEFAULT_TOKENS;
    if (typeof value === "string" && MATCH_NAMES.includes(value)) return { kind: value as "lines" };
    if (isRecord(value) && Object.keys(value).length === 1 && "tokens" in value)
      return this.tokens(value.tokens, [...path, "tokens"]);
    if (isRecord(value) && Object.keys(value).length === 1 && "numeric" in value) {
      const tolerance = value.numeric;
      if (typeof tolerance === "number" && tolerance >= 0) return { kind: "numeric", tolerance };
      this.problem([...path, "numeric"], "`numeric` takes a tolerance, a number such as 1e-6");
      return undefined;
    }
    this.problem(
      path,
      `\`match\` is one of ${MATCH_NAMES.join(", ")}, { numeric: TOLERANCE }, or { tokens: { case_sensitive, space_change_sensitive, float_tolerance, ... } }`,
    );
    return undefined;
  }

  /** The Kattis default output validator's flags, as YAML keys. */
  private tokens(value: unknown, path: Key[]): MatchMode | undefined {
    if (value === null || value === undefined) return DEFAULT_TOKENS;
    if (!isRecord(value)) {
      this.problem(path, `\`tokens\` takes a mapping of ${TOKENS_KEYS.join(", ")}`);
      return undefined;
    }
    this.unknownKeys(value, path, TOKENS_KEYS, "`tokens` option");
    const tolerance = (key: string) =>
      value[key] === undefined ? undefined : this.positive(value, [...path, key], true);
    const both = tolerance("float_tolerance");
    return {
      kind: "tokens",
      caseSensitive: this.boolean(value, [...path, "case_sensitive"]),
      spaceChangeSensitive: this.boolean(value, [...path, "space_change_sensitive"]),
      absoluteTolerance: tolerance("float_absolute_tolerance") ?? both,
      relativeTolerance: tolerance("float_relative_tolerance") ?? both,
    };
  }

  /** Input or expected output: text, or `{ file: PATH }` relative to the test file. */
  private data(item: Record<string, unknown>, path: Key[]): CaseData | undefined {
    const value = item[path[path.length - 1] as string];
    if (isRecord(value)) {
      const keys = Object.keys(value);
      const file = value.file;
      if (keys.length === 1 && typeof file === "string" && file !== "") return { kind: "file", path: file };
      this.problem(
        path,
        `\`${path[path.length - 1]}\` is text, or \`{ file: PATH }\` naming a file relative to this test file`,
      );
      return undefined;
    }
    const text = this.text(item, path);
    return text === undefined ? undefined : { kind: "text", text };
  }

  private unknownKeys(
    data: Record<string, unknown>,
    path: Key[],
    known: readonly string[],
    what: string,
    hint = "",
  ): void {
    for (const key of Object.keys(data)) {
      if (known.includes(key)) continue;
      const near = [...known]
        .sort((a, b) => editDistance(a, key) - editDistance(b, key))
        .find((k) => editDistance(k, key) <= 2);
      this.problem([...path, key], `unknown ${what} key "${key}"${near ? ` (did you mean "${near}"?)` : hint}`);
    }
  }

  private string(data: Record<string, unknown>, path: Key[], required: boolean): string | undefined {
    const value = data[path[path.length - 1] as string];
    if (value === undefined || value === null) {
      if (required) this.problem(path.slice(0, -1), `missing \`${path[path.length - 1]}\``);
      return undefined;
    }
    if (typeof value !== "string" || value === "") {
      this.problem(path, `\`${path[path.length - 1]}\` must be a non-empty string`);
      return undefined;
    }
    return value;
  }

  /** Expected output or input: a string; numbers and booleans are taken as written. */
  private text(data: Record<string, unknown>, path: Key[]): string | undefined {
    const value = data[path[path.length - 1] as string];
    if (value === undefined) return undefined;
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") {
      const node = this.node(path);
      return node && isScalar(node) && typeof node.source === "string" ? node.source : String(value);
    }
    this.problem(path, `\`${path[path.length - 1]}\` must be text (use a YAML block scalar, \`|\`, for several lines)`);
    return undefined;
  }

  private integer(data: Record<string, unknown>, path: Key[]): number | undefined {
    const value = data[path[path.length - 1] as string];
    if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 255) return value;
    this.problem(path, `\`${path[path.length - 1]}\` must be an exit code, an integer from 0 to 255`);
    return undefined;
  }

  private positive(data: Record<string, unknown>, path: Key[], allowZero = false): number | undefined {
    const value = data[path[path.length - 1] as string];
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isFinite(value) && (value > 0 || (allowZero && value === 0))) return value;
    this.problem(path, `\`${path[path.length - 1]}\` must be a positive number`);
    return undefined;
  }

  private seconds(data: Record<string, unknown>, path: Key[]): number | undefined {
    const seconds = this.positive(data, path);
    return seconds === undefined ? undefined : Math.round(seconds * 1000);
  }

  private boolean(data: Record<string, unknown>, path: Key[]): boolean {
    const value = data[path[path.length - 1] as string];
    if (value === undefined) return false;
    if (typeof value === "boolean") return value;
    this.problem(path, `\`${path[path.length - 1]}\` must be true or false`);
    return false;
  }

  private stringList(data: Record<string, unknown>, path: Key[]): string[] {
    const value = data[path[path.length - 1] as string];
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number"))
      return value.map(String);
    this.problem(path, `\`${path[path.length - 1]}\` must be a list of strings`);
    return [];
  }

  private stringMap(data: Record<string, unknown>, path: Key[]): Record<string, string> {
    const value = data[path[path.length - 1] as string];
    if (value === undefined) return {};
    if (
      isRecord(value) &&
      Object.values(value).every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")
    ) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
    }
    this.problem(path, `\`${path[path.length - 1]}\` must be a mapping of names to strings`);
    return {};
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
