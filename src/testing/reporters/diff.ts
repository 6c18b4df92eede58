// A line diff of expected vs actual output, as the comparison saw them: `exact` keeps line
// endings, `lines` and `numeric` compare normalised lines (and `numeric` lines within tolerance
// count as equal), so the diff shows only what made the case fail.
import { diffArrays } from "diff";
import { normalizedLines, numericLineEqual } from "../compare";
import type { MatchMode } from "../model";
import type { Style } from "./ansi";
import { cutLine, showControls, showWhitespace } from "./visible";

type LineMode = Extract<MatchMode, { kind: "exact" | "lines" | "numeric" }>;

const CONTEXT = 3;
const MAX_DIFF_LINES = 60;
// Past this many edits the outputs have little in common and a diff would be slow and useless.
const MAX_EDITS = 500;

/** The diff's lines, `- expected` / `+ actual`, unindented; `visible` shows whitespace. */
export function diffOutput(expected: string, actual: string, mode: LineMode, visible: boolean, style: Style): string[] {
  const before = tokens(expected, mode);
  const after = tokens(actual, mode);
  const changes = diffArrays(before, after, { comparator: equality(mode), maxEditLength: MAX_EDITS });
  const body = new CappedLines(MAX_DIFF_LINES);
  const show = (lines: (string | null)[], marker: string, paint: (text: string) => string) =>
    body.add(lines, (line) => paint(line === null ? `${marker}…` : `${marker}${cutLine(render(line, visible))}`));
  if (changes === undefined) {
    // Too different to diff: the start of each side, half the room each.
    show(capped(before, MAX_DIFF_LINES / 2), "- ", style.red);
    show(capped(after, MAX_DIFF_LINES / 2), "+ ", style.green);
  } else {
    changes.forEach((change, index) => {
      if (change.removed) show(change.value, "- ", style.red);
      else if (change.added) show(change.value, "+ ", style.green);
      else show(context(change.value, index === 0, index === changes.length - 1), "  ", style.dim);
    });
  }
  return [
    style.red("- expected"),
    style.green("+ actual"),
    ...body.lines(style),
    ...endingNotes(expected, actual, mode),
  ];
}

/** Collects lines up to a maximum and counts the rest: outputs can have 100 000 lines. */
class CappedLines {
  private readonly kept: string[] = [];
  private omitted = 0;

  constructor(private readonly max: number) {}

  add(lines: (string | null)[], format: (line: string | null) => string): void {
    for (const line of lines) {
      if (this.kept.length < this.max) this.kept.push(format(line));
      else this.omitted++;
    }
  }

  lines(style: Style): string[] {
    if (this.omitted === 0) return this.kept;
    return [...this.kept, style.dim(`… ${this.omitted} more line${this.omitted === 1 ? "" : "s"} of diff`)];
  }
}

/** The first `max` lines, then null for "and more" when there are more. */
function capped(lines: string[], max: number): (string | null)[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), null];
}

function tokens(text: string, mode: LineMode): string[] {
  // `exact` keeps each line's ending, so a CRLF or a missing final newline is a difference.
  if (mode.kind === "exact") return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return normalizedLines(text);
}

function equality(mode: LineMode): (a: string, b: string) => boolean {
  // The lines are already normalized: compare them as the numeric mode compares lines.
  if (mode.kind === "numeric") return (a, b) => numericLineEqual(a, b, mode.tolerance);
  return (a, b) => a === b;
}

function render(line: string, visible: boolean): string {
  // Only `exact` lines keep their "\n", so only they show ⏎.
  if (visible) return showWhitespace(line);
  return showControls(line.endsWith("\n") ? line.slice(0, -1) : line);
}

/** Unchanged lines around changes: a few next to each change, null where lines are left out. */
function context(lines: string[], first: boolean, last: boolean): (string | null)[] {
  const head = first ? [] : lines.slice(0, CONTEXT);
  const tail = last ? [] : lines.slice(Math.max(head.length, lines.length - CONTEXT));
  if (head.length + tail.length >= lines.length) return lines;
  return [...head, null, ...tail];
}

function endingNotes(expected: string, actual: string, mode: LineMode): string[] {
  if (mode.kind !== "exact" || expected === "" || actual === "") return [];
  const expectedEnds = expected.endsWith("\n");
  if (expectedEnds === actual.endsWith("\n")) return [];
  return [`(no newline at the end of the ${expectedEnds ? "actual" : "expected"} output)`];
}
