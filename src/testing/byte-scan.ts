/**
 * The comparators' inner loops over bytes, four at a time where the two arrays allow it:
 * how long two runs of bytes are equal, and how many newlines a run holds. A byte loop in
 * JavaScript runs at a few hundred MB/s; 32-bit words make these several times faster, so
 * that comparing output keeps up with a program writing hundreds of MB/s.
 */

const NL = 10;
/** Below this many bytes, setting up word views costs more than it saves. */
const WORDS_FROM = 64;

/** How many bytes of `a` from `i` equal those of `b` from `j` (at most to the end of either). */
export function equalLength(a: Uint8Array, i: number, b: Uint8Array, j: number): number {
  const n = Math.min(a.length - i, b.length - j);
  let k = 0;
  const aStart = a.byteOffset + i;
  const bStart = b.byteOffset + j;
  // Words only when both sides reach a word boundary together.
  if (n >= WORDS_FROM && (aStart & 3) === (bStart & 3)) {
    while (k < n && ((aStart + k) & 3) !== 0) {
      if (a[i + k] !== b[j + k]) return k;
      k++;
    }
    const words = (n - k) >> 2;
    const aw = new Int32Array(a.buffer, aStart + k, words);
    const bw = new Int32Array(b.buffer, bStart + k, words);
    let w = 0;
    while (w < words && aw[w] === bw[w]) w++;
    k += w * 4;
  }
  while (k < n && a[i + k] === b[j + k]) k++;
  return k;
}

/** The newlines in `bytes[start, end)`. */
export function countNewlines(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  let k = start;
  const offset = bytes.byteOffset;
  if (end - start >= WORDS_FROM) {
    while (((offset + k) & 3) !== 0) count += bytes[k++] === NL ? 1 : 0;
    const words = (end - k) >> 2;
    const view = new Int32Array(bytes.buffer, offset + k, words);
    for (let w = 0; w < words; w++) {
      // A word's bytes equal to \n become zero; the high bit of each zero byte is set in `zero`
      // (the classic has-zero-byte trick, exact per byte), and summed by one multiplication.
      const v = view[w] ^ 0x0a0a0a0a;
      const zero = ~(((v & 0x7f7f7f7f) + 0x7f7f7f7f) | v | 0x7f7f7f7f);
      count += Math.imul(zero >>> 7, 0x01010101) >>> 24;
    }
    k += words * 4;
  }
  while (k < end) count += bytes[k++] === NL ? 1 : 0;
  return count;
}
