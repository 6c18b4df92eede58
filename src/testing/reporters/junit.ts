// JUnit XML for CI (Jenkins, GitLab): a <testsuite> per test file, a <testcase> per case.
// Built with junit-report-builder; text is made XML 1.0-safe first (see xmlSafe).
import junit from "junit-report-builder";
import type { CaseResult, FileResult } from "../model";
import type { RunReport } from "../runner";
import { styleFor } from "./ansi";
import { failureDetails, failureHeadline, caseMessage, indent, runDetails } from "./failure-text";
import type { Reporter } from "./reporter";
import { pictureOf } from "./visible";
import { formatProblem } from "./words";

type SuiteBuilder = ReturnType<ReturnType<typeof junit.newBuilder>["testSuite"]>;

const plain = styleFor(false);
const decoder = new TextDecoder();

export function junitReporter(): Reporter {
  return { fileFinished: () => "", end: junitXml };
}

export function junitXml(report: RunReport): string {
  const xml = junit.newBuilder().name("runno test");
  for (const file of report.files) addSuite(xml.testSuite(), file);
  return xml.build() + "\n";
}

function addSuite(suite: SuiteBuilder, file: FileResult): void {
  const path = xmlSafe(file.path);
  suite.name(path).time(seconds(file.cases.reduce((total, c) => total + c.durationMs, 0)));
  if (file.problems.length > 0 || !file.file) {
    const problems = file.problems.map(formatProblem).join("\n");
    suite
      .testCase()
      .className(path)
      .name("invalid test file")
      .file(path)
      .error("invalid test file", "invalid", cdataSafe(problems));
  }
  for (const result of file.cases) addCase(suite, path, result, file.compileError);
}

function addCase(suite: SuiteBuilder, path: string, result: CaseResult, compileError: string | undefined): void {
  const testCase = suite
    .testCase()
    .className(path)
    .name(xmlSafe(result.testCase.name))
    .file(path)
    .time(seconds(result.durationMs));
  if (result.outcome === "skipped") testCase.skipped();
  if (result.outcome === "skipped" || result.outcome === "passed") return;

  const message = xmlSafe(caseMessage(result));
  const details = cdataSafe(detailsOf(result, compileError));
  // A timeout, a limit or a crash is an <error> (the run did not finish); a wrong answer a <failure>.
  const erred =
    result.outcome === "error" ||
    result.failures.some((f) => f.kind === "timeout" || f.kind === "limit" || f.kind === "crash");
  // The verdict as judges name it (wrong_answer, time_limit_exceeded, …): what CI dashboards group by.
  const type = result.verdict;
  if (erred) testCase.error(message, type, details);
  else testCase.failure(message, type).stacktrace(details);

  if (result.run) {
    testCase.standardOutput(cdataSafe(decoder.decode(result.run.stdout)));
    testCase.standardError(cdataSafe(decoder.decode(result.run.stderr)));
  }
}

/** The failure's text: each headline with its diff, the compiler output, then what the run got. */
function detailsOf(result: CaseResult, compileError: string | undefined): string {
  const lines = result.failures.flatMap((failure) => [
    failureHeadline(failure),
    ...indent(failureDetails(failure, plain)),
  ]);
  if (compileError !== undefined && result.failures.some((f) => f.kind === "compile")) lines.push(compileError);
  else lines.push(...runDetails(result, plain));
  return lines.join("\n");
}

function seconds(ms: number): number {
  return Number((ms / 1000).toFixed(3));
}

/**
 * Characters XML 1.0 forbids (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF)
 * would make the file unreadable. Controls become their pictures (ESC as ␛) so that ANSI
 * codes and NULs in a program's output stay visible; the others become U+FFFD.
 */
export function xmlSafe(text: string): string {
  return text
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, pictureOf)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g, "\ufffd");
}

/** Also no `]]>`, which would end a CDATA section early (the builder escapes only the first). */
function cdataSafe(text: string): string {
  return xmlSafe(text).replaceAll("]]>", "]]&gt;");
}
