/**
 * The line discipline of the sandbox terminal, as a terminal's cooked mode: typed keys are
 * echoed and edited on one line (backspace, left/right, home/end); Enter sends the line,
 * Ctrl+D sends end-of-file, Ctrl+C interrupts. Pure: no VS Code here, so it is unit-tested.
 */

export type LineEvent =
  /** Text to write back to the terminal (echo, cursor moves). */
  | { kind: "echo"; text: string }
  /** A finished line for the program's stdin, with its newline. */
  | { kind: "line"; text: string }
  /** Ctrl+D: what is typed so far (maybe nothing), then end-of-file. */
  | { kind: "eof"; text: string }
  | { kind: "interrupt" };

const LEFT = "\x1b[D";
const RIGHT = "\x1b[C";

export class LineEditor {
  private chars: string[] = [];
  private cursor = 0;

  /** Events for a chunk of terminal input (one key, or a paste). */
  handle(input: string): LineEvent[] {
    const events: LineEvent[] = [];
    for (let i = 0; i < input.length; i++) {
      const rest = input.slice(i);
      const sequence = /^\x1b\[(?:[0-9;]*)?[A-Za-z~]|^\x1bO[A-Za-z]/.exec(rest)?.[0];
      if (sequence) {
        events.push(...this.escape(sequence));
        i += sequence.length - 1;
        continue;
      }
      events.push(...this.key(input[i]));
    }
    return merge(events);
  }

  /** Forget the line (a new run starts). */
  reset(): void {
    this.chars = [];
    this.cursor = 0;
  }

  private key(char: string): LineEvent[] {
    switch (char) {
      case "\r":
      case "\n": {
        const text = this.chars.join("") + "\n";
        this.reset();
        return [
          { kind: "echo", text: "\r\n" },
          { kind: "line", text },
        ];
      }
      case "\x7f":
      case "\b":
        return this.backspace();
      case "\x04": {
        const text = this.chars.join("");
        this.reset();
        return [{ kind: "eof", text }];
      }
      case "\x03":
        this.reset();
        return [{ kind: "echo", text: "^C\r\n" }, { kind: "interrupt" }];
      case "\x01":
        return this.move(-this.cursor);
      case "\x05":
        return this.move(this.chars.length - this.cursor);
      default:
        if (char < " ") return []; // other control keys mean nothing here
        return this.insert(char);
    }
  }

  private escape(sequence: string): LineEvent[] {
    switch (sequence) {
      case "\x1b[D":
      case "\x1bOD":
        return this.move(-1);
      case "\x1b[C":
      case "\x1bOC":
        return this.move(1);
      case "\x1b[H":
      case "\x1bOH":
      case "\x1b[1~":
        return this.move(-this.cursor);
      case "\x1b[F":
      case "\x1bOF":
      case "\x1b[4~":
        return this.move(this.chars.length - this.cursor);
      case "\x1b[3~":
        return this.deleteForward();
      default:
        return []; // up/down and the rest: no history in a program's stdin
    }
  }

  private insert(char: string): LineEvent[] {
    this.chars.splice(this.cursor, 0, char);
    this.cursor++;
    const tail = this.chars.slice(this.cursor).join("");
    return [{ kind: "echo", text: char + tail + LEFT.repeat(tail.length) }];
  }

  private backspace(): LineEvent[] {
    if (this.cursor === 0) return [];
    this.cursor--;
    this.chars.splice(this.cursor, 1);
    const tail = this.chars.slice(this.cursor).join("");
    return [{ kind: "echo", text: "\b" + tail + " " + LEFT.repeat(tail.length + 1) }];
  }

  private deleteForward(): LineEvent[] {
    if (this.cursor === this.chars.length) return [];
    this.chars.splice(this.cursor, 1);
    const tail = this.chars.slice(this.cursor).join("");
    return [{ kind: "echo", text: tail + " " + LEFT.repeat(tail.length + 1) }];
  }

  private move(delta: number): LineEvent[] {
    const target = Math.max(0, Math.min(this.chars.length, this.cursor + delta));
    const steps = target - this.cursor;
    this.cursor = target;
    if (steps === 0) return [];
    return [{ kind: "echo", text: (steps < 0 ? LEFT : RIGHT).repeat(Math.abs(steps)) }];
  }
}

/** Consecutive echoes become one write. */
function merge(events: LineEvent[]): LineEvent[] {
  const merged: LineEvent[] = [];
  for (const event of events) {
    const last = merged[merged.length - 1];
    if (event.kind === "echo" && last?.kind === "echo") last.text += event.text;
    else merged.push({ ...event });
  }
  return merged;
}

/** Program output for a terminal: a lone `\n` becomes `\r\n`, as a terminal's output processing does. */
export function toTerminalNewlines(text: string, previousEndedWithCR: boolean): string {
  let out = text.replace(/(?<!\r)\n/g, "\r\n");
  // A "\r" at the end of the previous chunk and "\n" at the start of this one were "\r\n".
  if (previousEndedWithCR && text.startsWith("\n")) out = out.slice(1);
  return out;
}
