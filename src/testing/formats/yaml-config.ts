/**
 * Reads another tool's YAML file (problem.yaml, test_group.yaml, a workflow) into plain
 * data, with the same guards as our own test files, and places problems on the line of the
 * key they are about: `problem.yaml:4:3: unknown key "time_limt" in limits`.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { Position, TestFileProblem } from "../model";
import { checkYamlText } from "../yaml-guard";

const MAX_ALIASES = 100;

export type KeyPath = (string | number)[];

export class YamlConfig {
  readonly problems: TestFileProblem[] = [];

  private constructor(
    readonly path: string,
    readonly data: unknown,
    private readonly doc: Document.Parsed | undefined,
    private readonly lines: LineCounter,
  ) {}

  /** Parses `text`; on a syntax error `data` is undefined and `problems` says why. */
  static parse(path: string, text: string): YamlConfig {
    const lines = new LineCounter();
    const guard = checkYamlText(text);
    if (guard) {
      const config = new YamlConfig(path, undefined, undefined, lines);
      config.problems.push({ path, position: { line: guard.line, column: guard.column }, message: guard.message });
      return config;
    }
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, schema: "core" });
    const syntax = [...doc.errors, ...doc.warnings];
    if (syntax.length > 0) {
      const config = new YamlConfig(path, undefined, doc, lines);
      for (const error of syntax)
        config.at(error.pos[0], error.message.replace(/ at line \d+, column \d+.*$/s, "").trim());
      return config;
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (error) {
      const config = new YamlConfig(path, undefined, doc, lines);
      config.at(0, `too many YAML aliases (at most ${MAX_ALIASES})`);
      return config;
    }
    return new YamlConfig(path, data, doc, lines);
  }

  /** A problem at the key `path` (or its value), or at the top of the file. */
  problem(path: KeyPath, message: string): void {
    this.at(this.offset(path), message);
  }

  /** Where the key `path` is, 1-based. */
  position(path: KeyPath): Position {
    const offset = this.offset(path) ?? 0;
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  /** Reports every key of the mapping at `path` not in `known`; `where` names the mapping in the message. */
  unknownKeys(value: Record<string, unknown>, path: KeyPath, known: readonly string[], where: string): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key))
        this.problem([...path, key], `unknown key "${key}" in ${where} (known: ${known.join(", ")})`);
    }
  }

  private at(offset: number | undefined, message: string): void {
    const pos = offset === undefined ? { line: 1, col: 1 } : this.lines.linePos(offset);
    this.problems.push({ path: this.path, position: { line: pos.line, column: pos.col }, message });
  }

  private offset(path: KeyPath): number | undefined {
    if (!this.doc) return undefined;
    if (path.length > 0) {
      const parent = this.doc.getIn(path.slice(0, -1), true) as Node | undefined;
      if (parent && isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path[path.length - 1]);
        if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
      }
    }
    return (this.doc.getIn(path, true) as Node | undefined)?.range?.[0];
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
