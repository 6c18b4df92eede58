// The sandbox terminal's line discipline, key by key.
import assert from "node:assert/strict";
import { LineEditor, toTerminalNewlines, type LineEvent } from "../src/extension/run/line-editor";

const lines = (events: LineEvent[]) => events.filter((e) => e.kind === "line").map((e) => (e as { text: string }).text);

describe("terminal line editor", () => {
  it("echoes typed text and sends the line on Enter", () => {
    const editor = new LineEditor();
    assert.deepEqual(editor.handle("hi"), [{ kind: "echo", text: "hi" }]);
    assert.deepEqual(editor.handle("\r"), [
      { kind: "echo", text: "\r\n" },
      { kind: "line", text: "hi\n" },
    ]);
  });

  it("edits with backspace and the arrow keys", () => {
    const editor = new LineEditor();
    editor.handle("helo");
    editor.handle("\x1b[D"); // left, before "o"
    editor.handle("l");
    editor.handle("\x1b[C"); // right, at the end
    editor.handle("!!\x7f"); // type two, erase one
    assert.deepEqual(lines(editor.handle("\r")), ["hello!\n"]);
  });

  it("redraws the rest of the line when editing in the middle", () => {
    const editor = new LineEditor();
    editor.handle("ac");
    editor.handle("\x1b[D");
    assert.deepEqual(editor.handle("b"), [{ kind: "echo", text: "bc\x1b[D" }]);
    assert.deepEqual(editor.handle("\x7f"), [{ kind: "echo", text: "\bc \x1b[D\x1b[D" }]);
  });

  it("sends end-of-file on Ctrl+D with what was typed", () => {
    const editor = new LineEditor();
    editor.handle("partial");
    assert.deepEqual(editor.handle("\x04"), [{ kind: "eof", text: "partial" }]);
  });

  it("interrupts on Ctrl+C and forgets the line", () => {
    const editor = new LineEditor();
    editor.handle("abc");
    assert.deepEqual(editor.handle("\x03"), [{ kind: "echo", text: "^C\r\n" }, { kind: "interrupt" }]);
    assert.deepEqual(lines(editor.handle("x\r")), ["x\n"]);
  });

  it("handles a pasted block of several lines", () => {
    const editor = new LineEditor();
    assert.deepEqual(lines(editor.handle("1 2\r3 4\r")), ["1 2\n", "3 4\n"]);
  });

  it("does not move past either end, and ignores up/down", () => {
    const editor = new LineEditor();
    assert.deepEqual(editor.handle("\x1b[D\x1b[A\x1b[B"), []);
    editor.handle("ab\x1b[C\x1b[C");
    assert.deepEqual(lines(editor.handle("\r")), ["ab\n"]);
  });

  it("turns program newlines into terminal newlines", () => {
    assert.equal(toTerminalNewlines("a\nb\r\nc", false), "a\r\nb\r\nc");
    assert.equal(toTerminalNewlines("\nx", true), "\r\nx".slice(1));
  });
});
