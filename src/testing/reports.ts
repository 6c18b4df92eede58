/**
 * The runner's second public entry, for Node front ends (the CLI): the reporters by name
 * and the merging of reports. Apart from index.ts because the JUnit writer needs Node's fs.
 */
export { createReporter, REPORTER_NAMES, type ReporterName } from "./reporters/reporter";
export { mergeReports, ReportFormatError } from "./merge/merge";
