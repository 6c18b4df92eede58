/**
 * A terminal for programs run in the sandbox: output streams in, the user types the
 * program's stdin with line editing, Ctrl+D ends the input, Ctrl+C stops the program.
 * It stays open after a run, and the next run of the same file reuses it.
 */
import * as vscode from "vscode";
import type { RunHandle } from "../../engine";
import { LineEditor, toTerminalNewlines } from "./line-editor";

const DIM = "\x1b[2m";
const RESET = "\x1b[0m";
const encoder = new TextEncoder();

export class SandboxTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidClose = this.closeEmitter.event;

  private readonly editor = new LineEditor();
  private run: RunHandle | undefined;
  private opened: Promise<void>;
  private markOpened!: () => void;
  private endedWithCR = false;
  private decoder = new TextDecoder();

  constructor(private readonly onClosedByUser: () => void) {
    this.opened = new Promise((resolve) => (this.markOpened = resolve));
  }

  open(): void {
    this.markOpened();
  }

  close(): void {
    this.run?.cancel();
    this.onClosedByUser();
  }

  /** Resolves once VS Code has shown the terminal: writes before that would be lost. */
  whenOpen(): Promise<void> {
    return this.opened;
  }

  /** A new run starts: input now goes to it. */
  attach(run: RunHandle, clear: boolean): void {
    this.run = run;
    this.editor.reset();
    this.decoder = new TextDecoder();
    if (clear) this.writeEmitter.fire("\x1b[2J\x1b[3J\x1b[H");
  }

  detach(): void {
    this.run = undefined;
    this.editor.reset();
  }

  /** Program output (bytes, possibly a partial UTF-8 sequence at the end). */
  output(data: Uint8Array): void {
    const text = this.decoder.decode(data, { stream: true });
    if (!text) return;
    this.writeEmitter.fire(toTerminalNewlines(text, this.endedWithCR));
    this.endedWithCR = text.endsWith("\r");
  }

  /** A line of our own (how the run ended), dimmed, on a line of its own. */
  status(text: string): void {
    this.writeEmitter.fire(`${this.endedWithCR ? "\n" : "\r\n"}${DIM}${text}${RESET}\r\n`);
    this.endedWithCR = false;
  }

  handleInput(data: string): void {
    const run = this.run;
    if (!run) return; // nothing is running: keys mean nothing
    for (const event of this.editor.handle(data)) {
      switch (event.kind) {
        case "echo":
          this.writeEmitter.fire(event.text);
          break;
        case "line":
          run.writeStdin(encoder.encode(event.text));
          break;
        case "eof":
          if (event.text) run.writeStdin(encoder.encode(event.text));
          run.closeStdin();
          break;
        case "interrupt":
          run.cancel();
          break;
      }
    }
  }
}
