/**
 * A precompiled header (langs/clangpp.json's `compile.precompiled`, built with the compile's
 * own options by scripts/clang-sysroot.mjs): used only where it cannot change what the
 * program means. A PCH stands for its header included before the program's first line, so
 * it is used only when the program's first line of code is that very include (comments and
 * blank lines may come first) and the standard is one it was built for. A program that
 * defines a macro, includes another header or sets a pragma first, or asks for another
 * standard, is compiled from the headers as usual.
 */
import type { RunRequest } from "./api";

export interface PrecompiledHeaderDescriptor {
  /** The header as written between angle brackets: `bits/stdc++.h`. */
  include: string;
  /** The standards a PCH was built for. */
  standards: string[];
  /** The runtime file (a layer) that holds the PCH of `{std}`. */
  layer: string;
  /** The header the PCH was made from, in that layer: it includes `include` and defines `marker`. */
  wrapper: string;
  /** The PCH in that layer. */
  file: string;
  /** A macro the PCH defines, so that a program (a test) can tell it was used. */
  marker: string;
}

export interface PrecompiledHeaderUse {
  layer: string;
  /** The compiler's options that use it (the compile step's `{precompiled}`). */
  args: string[];
}

/** The precompiled header a compile of `request` at standard `std` can use, if any. */
export function precompiledHeaderFor(
  precompiled: PrecompiledHeaderDescriptor | undefined,
  request: Pick<RunRequest, "entry" | "files">,
  std: string,
): PrecompiledHeaderUse | undefined {
  if (!precompiled || !precompiled.standards.includes(std)) return undefined;
  const source = request.files.get(request.entry);
  if (!source || !startsWithInclude(new TextDecoder().decode(source), precompiled.include)) return undefined;
  return {
    layer: precompiled.layer.replaceAll("{std}", std),
    args: ["-include-pch", precompiled.file.replaceAll("{std}", std)],
  };
}

/**
 * Whether the first line of code of `source` is `#include <header>`. Anything unusual
 * (a line continuation, the quoted form, which could find a file of the user's) says no:
 * a wrong "no" costs only time.
 */
export function startsWithInclude(source: string, header: string): boolean {
  const text = source.replace(/^\uFEFF/, "");
  const start = skipSpaceAndComments(text, 0);
  const lineEnd = text.indexOf("\n", start);
  const line = text.slice(start, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, "");
  const match = /^#[ \t]*include[ \t]*<([^>\n]*)>(.*)$/.exec(line);
  if (!match || match[1] !== header) return false;
  // After the directive: spaces, and a comment that does not hide a line continuation.
  const rest = match[2];
  return !rest.endsWith("\\") && /^[ \t]*(\/\/.*|\/\*.*)?$/.test(rest);
}

/** The length of a backslash-newline at `i`, or 0. */
function continuation(text: string, i: number): number {
  if (text[i] !== "\\") return 0;
  if (text[i + 1] === "\n") return 2;
  return text.startsWith("\r\n", i + 1) ? 3 : 0;
}

/** The index of the first character that is neither white space nor inside a comment. */
function skipSpaceAndComments(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith("//", i)) {
      // A line comment goes on past a backslash at the end of its line.
      while (i < text.length && text[i] !== "\n") i += continuation(text, i) || 1;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      return i;
    }
  }
}
