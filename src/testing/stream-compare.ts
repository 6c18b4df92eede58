/**
 * Compares an expected and an actual output that arrive in chunks, at their own pace, without
 * holding either whole: a 50 MB answer is checked against a 50 MB output in bounded memory.
 * Both sides are pushed; whatever both have is compared at once and dropped. Works on bytes
 * (no decoding) so that it keeps up with a program's output at hundreds of MB/s.
 *
 * - `exact`: byte for byte.
 * - `lines`: as `exact` after dropping whitespace at the end of each line and blank lines at
 *   the end (so CRLF is LF).
 * - `tokens`: the Kattis default output validator: whitespace-separated tokens, ASCII case
 *   folded unless case-sensitive, whitespace itself compared when space-change-sensitive,
 *   numbers of the expected output within an absolute or relative tolerance when given.
 * - `numeric`: tokens line by line (the same newlines), numbers within a tolerance absolute
 *   or relative to the larger.
 */
import { countNewlines, equalLength } from "./byte-scan";
import type { MatchMode, Position } from "./model";

export interface StreamVerdict {
  pass: boolean;
  /** Where the first difference is in the actual output. */
  firstDifference?: Position;
  /** The first differing token, line or byte, as text (cut to a readable length). */
  difference?: { unit: "token" | "line" | "byte"; expected: string; actual: string; expectedLine: number };
  /** The lines around the first difference on each side. */
  window?: { expected: string; actual: string; expectedLine: number; actualLine: number };
  /** The outputs differ only in whitespace (as far as the comparison saw). */
  whitespaceOnly: boolean;
}

export interface StreamComparator {
  pushExpected(chunk: Uint8Array): void;
  endExpected(): void;
  pushActual(chunk: Uint8Array): void;
  endActual(): void;
  /** The verdict is known: a difference was found, or both sides ended. */
  readonly decided: boolean;
  /** Expected bytes pushed and not yet compared: the reader of the answer keeps this small. */
  readonly expectedBacklog: number;
  /** The verdict; call once both sides ended (or `decided`). */
  result(): StreamVerdict;
}

export type StreamMode = Extract<MatchMode, { kind: "exact" | "lines" | "tokens" | "numeric" }>;

export function canStream(mode: MatchMode): mode is StreamMode {
  return mode.kind === "exact" || mode.kind === "lines" || mode.kind === "tokens" || mode.kind === "numeric";
}

export function createStreamComparator(mode: StreamMode): StreamComparator {
  switch (mode.kind) {
    case "exact":
      return new ByteComparator(false);
    case "lines":
      return new ByteComparator(true);
    case "tokens":
      return new TokenComparator({
        caseSensitive: mode.caseSensitive,
        spaces: mode.spaceChangeSensitive ? "exact" : "any",
        absolute: mode.absoluteTolerance,
        relative: mode.relativeTolerance,
        relativeToLarger: false,
      });
    case "numeric":
      return new TokenComparator({
        caseSensitive: true,
        spaces: "lines",
        absolute: mode.tolerance,
        relative: mode.tolerance,
        relativeToLarger: true,
      });
  }
}

/** Compares two whole outputs with a stream comparator (text data, tests). */
export function compareBytes(expected: Uint8Array, actual: Uint8Array, mode: StreamMode): StreamVerdict {
  const comparator = createStreamComparator(mode);
  comparator.pushExpected(expected);
  comparator.endExpected();
  comparator.pushActual(actual);
  comparator.endActual();
  return comparator.result();
}

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
/** Characters of a differing token or line shown in a report. */
const MAX_SHOWN = 200;
/**
 * Bytes of a differing line read for a report: enough for MAX_SHOWN characters of UTF-8, and
 * all that is held of a line that never ends (a 50 MB line without a newline). The streamed
 * and the whole-text comparisons cut it here alike, so they show the same text.
 */
const LINE_BYTES = MAX_SHOWN * 4;
const WINDOW_LINES = 3;
const decoder = new TextDecoder();

function isSpace(byte: number): boolean {
  // As C's isspace: space, \t, \n, \v, \f, \r.
  return byte === SPACE || (byte >= TAB && byte <= CR);
}

/** Text for a report: decoded, cut to a readable length. */
function shown(bytes: Uint8Array): string {
  const text = decoder.decode(bytes.subarray(0, LINE_BYTES));
  return text.length > MAX_SHOWN || bytes.length > LINE_BYTES ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** A byte buffer that grows by doubling: a partial token across chunks. */
class Grow {
  bytes = new Uint8Array(64);
  length = 0;

  append(source: Uint8Array, start: number, end: number): void {
    const needed = this.length + (end - start);
    if (needed > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(needed, this.bytes.length * 2));
      bigger.set(this.bytes.subarray(0, this.length));
      this.bytes = bigger;
    }
    this.bytes.set(source.subarray(start, end), this.length);
    this.length = needed;
  }
}

/**
 * One side's bytes: a queue of chunks and a read position, with the line of the next byte
 * and where that line starts; the previous chunk is kept to show a window around a difference.
 */
class Feed {
  private readonly queue: Uint8Array[] = [];
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  ended = false;
  backlog = 0;
  line = 1;
  /** Absolute offsets: of `buf[0]`, and of the start of the current line. */
  base = 0;
  lineStart = 0;
  private previous: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): void {
    if (chunk.length === 0 || this.ended) return;
    this.queue.push(chunk);
    this.backlog += chunk.length;
  }

  /** True when `buf[pos]` exists, moving to the next chunk when needed. */
  ready(): boolean {
    while (this.pos >= this.buf.length) {
      const next = this.queue.shift();
      if (!next) return false;
      this.base += this.buf.length;
      this.previous = this.buf;
      this.buf = next;
      this.pos = 0;
    }
    return true;
  }

  /** Move to `to` in `buf`; `lastNewline` is the index of the last newline passed (or -1), `newlines` their count. */
  moveTo(to: number, newlines: number, lastNewline: number): void {
    if (newlines > 0) {
      this.line += newlines;
      this.lineStart = this.base + lastNewline + 1;
    }
    this.backlog -= to - this.pos;
    this.pos = to;
  }

  column(at = this.base + this.pos): number {
    return at - this.lineStart + 1;
  }

  /** A few lines before the current line and after the position, from the bytes still held. */
  window(): { text: string; firstLine: number } {
    let queued = 0;
    for (const chunk of this.queue) queued += chunk.length;
    const held = new Uint8Array(this.previous.length + this.buf.length + Math.min(queued, 4096));
    held.set(this.previous);
    held.set(this.buf, this.previous.length);
    let fill = this.previous.length + this.buf.length;
    for (const chunk of this.queue) {
      if (fill >= held.length) break;
      const part = chunk.subarray(0, held.length - fill);
      held.set(part, fill);
      fill += part.length;
    }
    const heldStart = this.base - this.previous.length;
    let start = Math.max(0, this.lineStart - heldStart);
    let firstLine = this.line;
    for (let lines = 0; lines < WINDOW_LINES - 1 && start > 0; lines++) {
      let back = start - 1;
      while (back > 0 && held[back - 1] !== NL) back--;
      start = back;
      firstLine--;
    }
    let end = Math.max(start, this.base + this.pos - heldStart);
    for (let lines = 0; lines < WINDOW_LINES && end < fill;) if (held[end++] === NL) lines++;
    const text = decoder.decode(held.subarray(start, Math.min(end, start + 2048)));
    return { text, firstLine };
  }
}

abstract class Comparator implements StreamComparator {
  protected readonly expected = new Feed();
  protected readonly actual = new Feed();
  protected verdict: StreamVerdict | undefined;
  /** A difference found in a line, given as the verdict once the rest of the line is read on both sides. */
  private inLine:
    { at: Position; expectedLine: number; window: StreamVerdict["window"]; rest: [LineRest, LineRest] } | undefined;

  get decided(): boolean {
    return this.verdict !== undefined;
  }

  get expectedBacklog(): number {
    return this.expected.backlog;
  }

  pushExpected(chunk: Uint8Array): void {
    if (this.verdict) return;
    this.expected.push(chunk);
    this.advance();
  }

  endExpected(): void {
    this.expected.ended = true;
    if (!this.verdict) this.advance();
  }

  pushActual(chunk: Uint8Array): void {
    if (this.verdict) return;
    this.actual.push(chunk);
    this.advance();
  }

  endActual(): void {
    this.actual.ended = true;
    if (!this.verdict) this.advance();
  }

  private advance(): void {
    if (this.inLine) this.readLines(this.inLine);
    else this.step();
  }

  result(): StreamVerdict {
    if (!this.verdict) throw new Error("the comparison has not ended: both sides must end first");
    return this.verdict;
  }

  /** Compare what both sides have; set `verdict` on a difference or when both ended. */
  protected abstract step(): void;

  protected differ(
    unit: "token" | "line" | "byte",
    expected: Uint8Array,
    actual: Uint8Array,
    at: Position,
    expectedLine: number,
    whitespaceOnly = false,
  ): void {
    this.verdict = {
      pass: false,
      firstDifference: at,
      difference: { unit, expected: shown(expected), actual: shown(actual), expectedLine },
      window: this.windows(),
      whitespaceOnly,
    };
  }

  /**
   * The lines differ from the positions of both sides on: the rest of each line is read on
   * (as it arrives) before the verdict is given, so that it does not depend on where a chunk ended.
   */
  protected differInLine(at: Position, expectedLine: number): void {
    this.inLine = {
      at,
      expectedLine,
      window: this.windows(),
      rest: [new LineRest(this.expected), new LineRest(this.actual)],
    };
    this.readLines(this.inLine);
  }

  private readLines({ at, expectedLine, window, rest }: NonNullable<Comparator["inLine"]>): void {
    const [e, a] = rest.map((line) => line.read());
    if (!e || !a) return;
    this.verdict = {
      pass: false,
      firstDifference: at,
      difference: { unit: "line", expected: shown(e), actual: shown(a), expectedLine },
      window,
      whitespaceOnly: false,
    };
  }

  private windows(): StreamVerdict["window"] {
    const e = this.expected.window();
    const a = this.actual.window();
    return { expected: e.text, actual: a.text, expectedLine: e.firstLine, actualLine: a.firstLine };
  }
}

/** The rest of a side's current line from its position, read as it arrives, up to LINE_BYTES. */
class LineRest {
  private readonly bytes = new Grow();
  private done = false;

  constructor(private readonly feed: Feed) {}

  /** The line's text once it ended (a newline, the end of the side, or LINE_BYTES), else undefined. */
  read(): Uint8Array | undefined {
    const feed = this.feed;
    while (!this.done) {
      if (!feed.ready()) {
        if (!feed.ended) return undefined;
        break;
      }
      const end = Math.min(feed.buf.length, feed.pos + LINE_BYTES + 1 - this.bytes.length);
      const newline = feed.buf.subarray(feed.pos, end).indexOf(NL);
      const stop = newline < 0 ? end : feed.pos + newline;
      this.bytes.append(feed.buf, feed.pos, stop);
      // Taken from the feed, so that the answer's reader sees room and reads on.
      feed.moveTo(stop, 0, -1);
      this.done = newline >= 0 || this.bytes.length > LINE_BYTES;
    }
    this.done = true;
    return this.bytes.bytes.subarray(0, this.bytes.length);
  }
}

const NEED = -1;
const END = -2;

/**
 * `exact`, and `lines` as `exact` over normalised streams. Equal bytes are skipped in a tight
 * loop; only where the two sides differ, or at whitespace, does `lines` look closer: a run of
 * whitespace is held back and replayed when text follows it, without the spaces before each
 * newline, and dropped at the end.
 */
class ByteComparator extends Comparator {
  private readonly sides: [Normaliser, Normaliser];

  constructor(private readonly normalise: boolean) {
    super();
    this.sides = [new Normaliser(this.expected, normalise), new Normaliser(this.actual, normalise)];
  }

  protected step(): void {
    const [e, a] = this.sides;
    const expected = this.expected;
    const actual = this.actual;
    for (;;) {
      if (e.idle() && a.idle() && expected.ready() && actual.ready()) {
        const eb = expected.buf;
        const ab = actual.buf;
        const i = expected.pos;
        const j = actual.pos;
        const { length: k, newlines, last } = equalRun(eb, i, ab, j);
        expected.moveTo(i + k, newlines, i + last);
        actual.moveTo(j + k, newlines, j + last);
        if (k === Math.min(eb.length - i, ab.length - j)) continue;
        if (!this.normalise) {
          const at = { line: actual.line, column: actual.column() };
          return this.differ(
            "byte",
            eb.subarray(i + k, i + k + 1),
            ab.subarray(j + k, j + k + 1),
            at,
            expected.line,
            isSpace(eb[i + k]) && isSpace(ab[j + k]),
          );
        }
      }
      const x = e.peek();
      const y = a.peek();
      if (x === NEED || y === NEED) return;
      if (x === END && y === END) {
        this.verdict = { pass: true, whitespaceOnly: false };
        return;
      }
      if (x !== y) {
        const at = { line: actual.line, column: actual.column() };
        return this.differInLine(at, expected.line);
      }
      e.take();
      a.take();
    }
  }
}

/** One side of the byte comparison; with `normalise`, the `lines` view of it. */
class Normaliser {
  /** A run of whitespace read ahead (spaces before a newline already dropped), and how much of it was taken. */
  private run: number[] = [];
  private taken = 0;
  private replaying = false;

  constructor(
    private readonly feed: Feed,
    private readonly normalise: boolean,
  ) {}

  idle(): boolean {
    return !this.replaying && this.run.length === 0;
  }

  /** The next byte of the normalised stream; NEED when more input is needed; END at the end. */
  peek(): number {
    const feed = this.feed;
    if (this.replaying) return this.run[this.taken];
    if (!this.normalise) return feed.ready() ? feed.buf[feed.pos] : feed.ended ? END : NEED;
    for (;;) {
      if (!feed.ready()) {
        if (!feed.ended) return NEED;
        // Whitespace and blank lines at the end do not count.
        this.run = [];
        return END;
      }
      const byte = feed.buf[feed.pos];
      if (byte !== SPACE && byte !== TAB && byte !== CR && byte !== NL) {
        if (this.run.length === 0) return byte;
        this.replaying = true;
        this.taken = 0;
        return this.run[0];
      }
      // Spaces at the end of a line do not count: only its newline stays.
      if (byte === NL) while (this.run.length > 0 && this.run[this.run.length - 1] !== NL) this.run.pop();
      this.run.push(byte);
      feed.moveTo(feed.pos + 1, byte === NL ? 1 : 0, feed.pos);
    }
  }

  take(): void {
    if (this.replaying) {
      if (++this.taken >= this.run.length) {
        this.replaying = false;
        this.run = [];
      }
      return;
    }
    const feed = this.feed;
    feed.moveTo(feed.pos + 1, feed.buf[feed.pos] === NL ? 1 : 0, feed.pos);
  }
}

interface TokenOptions {
  caseSensitive: boolean;
  /** `any`: whitespace only separates; `exact`: it must be the same; `lines`: the same newlines. */
  spaces: "any" | "exact" | "lines";
  absolute?: number;
  relative?: number;
  /** Relative to the larger of the two numbers (numeric mode) rather than to the expected one (Kattis). */
  relativeToLarger: boolean;
}

/**
 * A token as `bytes[start, end)`, with the whitespace before it; `end` of the output when
 * `last`. Reused by its tokenizer: valid until its next call.
 */
interface Token {
  bytes: Uint8Array;
  start: number;
  end: number;
  /** The whitespace before it (kept only when `spaces` is `exact`). */
  space: Uint8Array;
  newlines: number;
  line: number;
  column: number;
  last: boolean;
}

/** Splits one side into tokens, resumable across chunks. */
class Tokenizer {
  private readonly partial = new Grow();
  private readonly space = new Grow();
  private readonly token: Token = {
    bytes: new Uint8Array(0),
    start: 0,
    end: 0,
    space: new Uint8Array(0),
    newlines: 0,
    line: 1,
    column: 1,
    last: false,
  };
  private newlines = 0;
  private inToken = false;
  private line = 1;
  private column = 1;

  constructor(
    private readonly feed: Feed,
    private readonly keepSpace: boolean,
  ) {}

  /** Between tokens, holding nothing: the comparator may skip bytes itself. */
  idle(): boolean {
    return !this.inToken && this.partial.length === 0 && this.newlines === 0 && this.space.length === 0;
  }

  /** The next token, or undefined when more input is needed. */
  next(): Token | undefined {
    const feed = this.feed;
    for (;;) {
      if (!feed.ready()) {
        if (!feed.ended) return undefined;
        return this.inToken
          ? this.emit(this.partial.bytes, 0, this.partial.length, false)
          : this.emit(this.partial.bytes, 0, 0, true);
      }
      const buf = feed.buf;
      if (!this.inToken) {
        let i = feed.pos;
        const start = i;
        let newlines = 0;
        let last = -1;
        while (i < buf.length) {
          const byte = buf[i];
          if (byte === NL) {
            newlines++;
            last = i;
          } else if (!isSpace(byte)) break;
          i++;
        }
        if (this.keepSpace) this.space.append(buf, start, i);
        this.newlines += newlines;
        feed.moveTo(i, newlines, last);
        if (i === buf.length) continue;
        this.inToken = true;
        this.line = feed.line;
        this.column = feed.column();
      }
      let i = feed.pos;
      const start = i;
      while (i < buf.length && !isSpace(buf[i])) i++;
      feed.moveTo(i, 0, -1);
      if (i < buf.length && this.partial.length === 0) return this.emit(buf, start, i, false);
      this.partial.append(buf, start, i);
      if (i < buf.length) return this.emit(this.partial.bytes, 0, this.partial.length, false);
    }
  }

  private emit(bytes: Uint8Array, start: number, end: number, last: boolean): Token {
    const token = this.token;
    token.bytes = bytes;
    token.start = start;
    token.end = end;
    token.space = this.keepSpace ? this.space.bytes.subarray(0, this.space.length) : token.space;
    token.newlines = this.newlines;
    token.line = last ? this.feed.line : this.line;
    token.column = last ? this.feed.column() : this.column;
    token.last = last;
    this.partial.length = 0;
    this.space.length = 0;
    this.newlines = 0;
    this.inToken = false;
    return token;
  }
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

class TokenComparator extends Comparator {
  private readonly left: Tokenizer;
  private readonly right: Tokenizer;
  /** An expected token kept while the actual side waits for more (copied: its buffer is reused). */
  private waiting: Token | undefined;

  constructor(private readonly options: TokenOptions) {
    super();
    this.left = new Tokenizer(this.expected, options.spaces === "exact");
    this.right = new Tokenizer(this.actual, options.spaces === "exact");
  }

  protected step(): void {
    const spaces = this.options.spaces;
    for (;;) {
      if (this.skipEqualBytes()) continue;
      const e = this.waiting ?? this.left.next();
      if (!e) return;
      const a = this.right.next();
      if (!a) {
        this.waiting = this.waiting ?? copyToken(e);
        return;
      }
      this.waiting = undefined;
      if (spaces === "exact" && !equalBytes(e.space, 0, e.space.length, a.space, 0, a.space.length, true)) {
        // Shown from where the two differ: how much of the equal start was skipped depends on the chunks.
        const same = equalLength(e.space, 0, a.space, 0);
        const at = { line: a.line, column: a.column };
        return this.differ("token", e.space.subarray(same), a.space.subarray(same), at, e.line, true);
      }
      if (e.last || a.last) {
        if (e.last && a.last) {
          this.verdict = { pass: true, whitespaceOnly: false };
          return;
        }
        return this.differAtTokens("token", e, a);
      }
      if (spaces === "lines" && e.newlines !== a.newlines) {
        return this.differAtTokens("line", e, a);
      }
      if (!this.equal(e, a)) return this.differAtTokens("token", e, a);
    }
  }

  /** The two tokens differ (as tokens, or by the lines they stand on): the answer's against the output's. */
  private differAtTokens(unit: "token" | "line", e: Token, a: Token): void {
    this.differ(
      unit,
      e.bytes.subarray(e.start, e.end),
      a.bytes.subarray(a.start, a.end),
      { line: a.line, column: a.column },
      e.line,
    );
  }

  /**
   * Fast path: where both sides have the same bytes they have the same tokens and the same
   * whitespace, so equal bytes are skipped in a tight loop up to the last token boundary
   * before a difference; the tokenizers take over from there. True when it skipped any.
   */
  private skipEqualBytes(): boolean {
    const expected = this.expected;
    const actual = this.actual;
    if (this.waiting || !this.left.idle() || !this.right.idle() || !expected.ready() || !actual.ready()) return false;
    const eb = expected.buf;
    const ab = actual.buf;
    const i = expected.pos;
    const j = actual.pos;
    const { length: k, newlines, last } = equalRun(eb, i, ab, j);
    // Back to the start of the token the difference (or the chunk's end) is in: bytes of a token hold no newline.
    let p = k;
    while (p > 0 && !isSpace(eb[i + p - 1])) p--;
    if (p === 0) return false;
    expected.moveTo(i + p, newlines, i + last);
    actual.moveTo(j + p, newlines, j + last);
    return true;
  }

  private equal(e: Token, a: Token): boolean {
    const { absolute, relative } = this.options;
    if (equalBytes(e.bytes, e.start, e.end, a.bytes, a.start, a.end, this.options.caseSensitive)) return true;
    if (absolute === undefined && relative === undefined) return false;
    // Kattis: a number in the answer wants a number within tolerance; any other token, the same text.
    const expected = decoder.decode(e.bytes.subarray(e.start, e.end));
    const actual = decoder.decode(a.bytes.subarray(a.start, a.end));
    if (!NUMBER.test(expected) || !NUMBER.test(actual)) return false;
    const x = Number(expected);
    const y = Number(actual);
    const difference = Math.abs(x - y);
    if (absolute !== undefined && difference <= absolute) return true;
    const scale = this.options.relativeToLarger ? Math.max(Math.abs(x), Math.abs(y)) : Math.abs(x);
    return relative !== undefined && difference <= relative * scale;
  }
}

function copyToken(token: Token): Token {
  return {
    ...token,
    bytes: token.bytes.slice(token.start, token.end),
    start: 0,
    end: token.end - token.start,
    space: token.space.slice(),
  };
}

function equalBytes(
  a: Uint8Array,
  as: number,
  ae: number,
  b: Uint8Array,
  bs: number,
  be: number,
  caseSensitive: boolean,
): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = as, j = bs; i < ae; i++, j++) {
    const x = a[i];
    const y = b[j];
    if (x === y) continue;
    // ASCII letters only: `@` and a backquote differ from letters by 0x20 too.
    if (caseSensitive || (x | 0x20) !== (y | 0x20)) return false;
    const lower = x | 0x20;
    if (lower < 0x61 || lower > 0x7a) return false;
  }
  return true;
}

/** The run of equal bytes at `eb[i..]` and `ab[j..]`: its length, its newlines, and the offset of the last (-1: none). */
function equalRun(
  eb: Uint8Array,
  i: number,
  ab: Uint8Array,
  j: number,
): { length: number; newlines: number; last: number } {
  const length = equalLength(eb, i, ab, j);
  const newlines = countNewlines(eb, i, i + length);
  return { length, newlines, last: newlines === 0 ? -1 : eb.lastIndexOf(NL, i + length - 1) - i };
}
