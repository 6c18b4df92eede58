/**
 * The reporters of `runno test`. The CLI writes each `fileFinished` text as files finish,
 * then `end`'s text; with --output it concatenates them into the file.
 */
import type { FileResult } from "../model";
import type { RunReport } from "../runner";
import { jsonReporter } from "./json";
import { junitReporter } from "./junit";
import { specReporter } from "./spec";
import { tapReporter } from "./tap";

export interface ReporterOptions {
  /** Colour with ANSI codes (a terminal); only the spec reporter uses colour. */
  color: boolean;
}

export interface Reporter {
  /** Text to print as soon as a test file has finished (progress), or "" (spec and tap print progressively; junit and json print nothing until the end). */
  fileFinished(result: FileResult): string;
  /** The rest of the report once everything has run. */
  end(report: RunReport): string;
}

export const REPORTER_NAMES = ["spec", "tap", "junit", "json"] as const;

export type ReporterName = (typeof REPORTER_NAMES)[number];

/** A new reporter for one run: spec and tap keep state (what was printed, TAP numbering). */
export function createReporter(name: ReporterName, options: ReporterOptions): Reporter {
  switch (name) {
    case "spec":
      return specReporter(options);
    case "tap":
      return tapReporter();
    case "junit":
      return junitReporter();
    case "json":
      return jsonReporter();
  }
}
