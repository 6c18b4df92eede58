/**
 * Joins the JUnit XML reports of the shards of one run (`runno report merge`): test suites
 * of the same name become one, their test cases kept as written, and every count and time
 * is computed again from the cases. Any JUnit report will do, not only runno's.
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser";

/** A report that is not JUnit XML: the message names what is wrong. */
export class ReportFormatError extends Error {}

// preserveOrder keeps each case's children (failure, system-out...) as written.
const XML_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: "",
  preserveOrder: true,
  cdataPropName: "#cdata",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  suppressEmptyNode: true,
} as const;

/** A node as fast-xml-parser's preserveOrder form has it: one tag key, children, and `:@` attributes. */
type XmlNode = Record<string, unknown> & { ":@"?: Record<string, string> };

interface Suite {
  attributes: Record<string, string>;
  /** Children that are not test cases (properties), from the first report with the suite. */
  others: XmlNode[];
  cases: XmlNode[];
}

export interface MergedJunit {
  xml: string;
  totals: ReturnType<typeof countCases>;
  /** Whether a runno report said a test file was invalid (a case with `<error type="invalid">`). */
  invalid: boolean;
}

export function mergeJunitReports(reports: { name: string; text: string }[]): MergedJunit {
  const suites = new Map<string, Suite>();
  let rootName: string | undefined;
  for (const { name, text } of reports) {
    const parsed = suitesOf(name, text);
    rootName ??= parsed.rootName;
    for (const suite of parsed.suites) {
      const attributes = suite[":@"] ?? {};
      const key = attributes.name ?? "";
      const children = suite.testsuite as XmlNode[];
      const existing = suites.get(key);
      const cases = children.filter((child) => "testcase" in child);
      if (existing) existing.cases.push(...cases);
      else
        suites.set(key, {
          attributes,
          others: children.filter((child) => !("testcase" in child) && !("#text" in child)),
          cases,
        });
    }
  }
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  const suiteNodes: XmlNode[] = [];
  // Suites in name order, as runno test reports its files (sorted by path).
  for (const suite of [...suites.values()].sort((a, b) => compare(a.attributes.name ?? "", b.attributes.name ?? ""))) {
    const counts = countCases(suite.cases);
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += counts[key];
    suiteNodes.push({
      testsuite: [...suite.others, ...suite.cases],
      ":@": { ...suite.attributes, ...stringCounts(counts) },
    });
  }
  const root: XmlNode = {
    testsuites: suiteNodes,
    ":@": { ...(rootName ? { name: rootName } : {}), ...stringCounts(totals) },
  };
  const declaration: XmlNode = { "?xml": [{ "#text": "" }], ":@": { version: "1.0", encoding: "UTF-8" } };
  const invalid = [...suites.values()].some((suite) =>
    suite.cases.some((c) =>
      (c.testcase as XmlNode[]).some((child) => "error" in child && child[":@"]?.type === "invalid"),
    ),
  );
  return { xml: new XMLBuilder(XML_OPTIONS).build([declaration, root]) + "\n", totals, invalid };
}

/** The `<testsuite>` nodes of one report, whether its root is `<testsuites>` or a lone `<testsuite>`. */
function suitesOf(name: string, text: string): { rootName?: string; suites: XmlNode[] } {
  let document: XmlNode[];
  try {
    document = new XMLParser(XML_OPTIONS).parse(text, true) as XmlNode[];
  } catch (error) {
    throw new ReportFormatError(`${name}: not well-formed XML (${firstLine(error)})`);
  }
  const root = document.find((node) => "testsuites" in node || "testsuite" in node);
  if (!root) throw new ReportFormatError(`${name}: not a JUnit report (no <testsuites> or <testsuite> element)`);
  if ("testsuite" in root) return { suites: [root] };
  return { rootName: root[":@"]?.name, suites: (root.testsuites as XmlNode[]).filter((child) => "testsuite" in child) };
}

function countCases(cases: XmlNode[]) {
  const counts = { tests: cases.length, failures: 0, errors: 0, skipped: 0, time: 0 };
  for (const testCase of cases) {
    const children = testCase.testcase as XmlNode[];
    if (children.some((child) => "failure" in child)) counts.failures++;
    else if (children.some((child) => "error" in child)) counts.errors++;
    else if (children.some((child) => "skipped" in child)) counts.skipped++;
    const time = Number(testCase[":@"]?.time);
    if (Number.isFinite(time)) counts.time += time;
  }
  return counts;
}

function stringCounts(counts: ReturnType<typeof countCases>): Record<string, string> {
  return {
    tests: String(counts.tests),
    failures: String(counts.failures),
    errors: String(counts.errors),
    skipped: String(counts.skipped),
    time: counts.time.toFixed(3),
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
