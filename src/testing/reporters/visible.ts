// Making program text safe and readable in a report: control characters as their Unicode
// pictures (a program's ANSI codes must not restyle our output), whitespace shown on demand,
// and long text cut to an excerpt.

/** Marks the end of a line when whitespace is made visible. */
export const END_OF_LINE = "⏎";
export const WHITESPACE_LEGEND = "· space, → tab, ␍ carriage return, ⏎ end of line";

const MAX_LINE_CHARS = 200;

/** C0 controls and DEL as ␀…␟ and ␡; tab and newline stay as they are. */
export function showControls(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => pictureOf(c));
}

/** Spaces, tabs and carriage returns made visible too: for a difference that is only whitespace. */
export function showWhitespace(text: string): string {
  return text.replace(/[\x00-\x1f\x7f ]/g, (c) =>
    c === " " ? "·" : c === "\t" ? "→" : c === "\n" ? END_OF_LINE : pictureOf(c),
  );
}

export function pictureOf(char: string): string {
  const code = char.charCodeAt(0);
  return code === 0x7f ? "␡" : String.fromCharCode(0x2400 + code);
}

/** The lines of a text; a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * At most `maxLines` lines of a text, from its start (stdin) or its end (stderr, where the
 * error usually is), with a note of what was left out. Controls are shown as pictures.
 */
export function excerpt(text: string, maxLines: number, from: "start" | "end" = "start"): string[] {
  const lines = splitLines(text);
  const kept = from === "start" ? lines.slice(0, maxLines) : lines.slice(Math.max(0, lines.length - maxLines));
  const shown = kept.map((line) => showControls(cutLine(line)));
  const omitted = lines.length - kept.length;
  if (omitted === 0) return shown;
  const note = `… ${omitted} ${from === "start" ? "more" : "earlier"} line${omitted === 1 ? "" : "s"}`;
  return from === "start" ? [...shown, note] : [note, ...shown];
}

/** A line cut to a readable length: outputs of one 1 MiB line exist. */
export function cutLine(line: string, max = MAX_LINE_CHARS): string {
  return line.length <= max ? line : `${line.slice(0, max)}… (${line.length - max} more characters)`;
}

/** Text for a single line (a case name in a list): newlines become spaces, controls pictures. */
export function oneLine(text: string): string {
  return showControls(text.replace(/\r?\n/g, " "));
}
