/**
 * A run as a tool reports it to a model: one text with the outcome and the output, and the
 * files the program made, as text when they are UTF-8 and base64 otherwise. Platform-free.
 */
import type { Outcome, OutputFile, RunResult } from "../library/types";

export interface ToolFile {
  path: string;
  size: number;
  mimeType: string;
  /** The content, when it is UTF-8 text. */
  text?: string;
  /** The content in base64, when it is not. */
  base64?: string;
}

export interface ToolReport {
  /** True when the tool could not do its job (bad input, the sandbox failed); not for a program that failed. */
  isError: boolean;
  text: string;
  files: ToolFile[];
  /** The same as data, for clients that read structured results. */
  structured?: Record<string, unknown>;
}

export function errorReport(message: string): ToolReport {
  return { isError: true, text: message, files: [] };
}

export function describeOutcome(outcome: Outcome, durationMs: number): string {
  const took = `${Math.round(durationMs)} ms`;
  switch (outcome.kind) {
    case "exited":
      return `exited with code ${outcome.exitCode} after ${took}`;
    case "compile-error":
      return `did not compile (the compiler's messages are in stderr)`;
    case "timeout":
      return `timed out: stopped after its limit of ${outcome.limitSeconds} s`;
    case "limit":
      return `stopped by the sandbox: ${outcome.message}`;
    case "cancelled":
      return "cancelled";
    case "crashed":
      return outcome.source === "program" ? `crashed: ${outcome.message}` : `could not be run: ${outcome.message}`;
  }
}

/** What `filesPartial` means, in words. */
export const PARTIAL_FILES =
  "the run was stopped, so the files are as they were when the program last closed a file it had changed (later changes, and files still open, may be missing)";

export function runReport(result: RunResult): ToolReport {
  const files = result.files.map(toolFile);
  const lines = [`The program ${describeOutcome(result.outcome, result.durationMs)}.`];
  lines.push(section("stdout", result.stdout), section("stderr", result.stderr));
  if (files.length > 0) {
    lines.push(`Files it created or changed: ${files.map((f) => `${f.path} (${f.size} bytes)`).join(", ")}.`);
  }
  if (result.filesTruncated) {
    const left = result.filesLeftOut.map((f) => `${f.path} (${f.size} bytes)`).join(", ");
    lines.push(`Files left out (over the size limits): ${left || "some"}.`);
  }
  if (result.filesPartial) lines.push(`Files: ${PARTIAL_FILES}.`);
  return {
    // A sandbox that could not run the program is the tool's failure; anything the program did is its result.
    isError: result.outcome.kind === "crashed" && result.outcome.source === "sandbox",
    text: lines.join("\n"),
    files,
    structured: {
      outcome: result.outcome,
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      durationMs: result.durationMs,
      files: files.map(({ path, size, mimeType }) => ({ path, size, mimeType })),
      filesTruncated: result.filesTruncated,
      filesPartial: result.filesPartial,
    },
  };
}

function section(name: string, text: string): string {
  if (text === "") return `${name}: (empty)`;
  return `${name}:\n${text}${text.endsWith("\n") ? "" : "\n(no newline at the end)"}`;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function toolFile(file: OutputFile): ToolFile {
  const base = { path: file.path, size: file.data.length };
  try {
    return { ...base, mimeType: mimeTypeOf(file.path, true), text: utf8.decode(file.data) };
  } catch {
    return { ...base, mimeType: mimeTypeOf(file.path, false), base64: toBase64(file.data) };
  }
}

const MIME_TYPES: Record<string, string> = {
  ".txt": "text/plain",
  ".csv": "text/csv",
  ".json": "application/json",
  ".html": "text/html",
  ".md": "text/markdown",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".pdf": "application/pdf",
};

function mimeTypeOf(path: string, isText: boolean): string {
  const dot = path.lastIndexOf(".");
  const known = dot >= 0 ? MIME_TYPES[path.slice(dot).toLowerCase()] : undefined;
  return known ?? (isText ? "text/plain" : "application/octet-stream");
}

export function toBase64(data: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Bytes of a base64 text, or undefined when it is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return undefined;
  try {
    return Uint8Array.from(atob(clean), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}
