// The precompiled <bits/stdc++.h>: used for a program whose first line of code includes
// it at a standard it was built for, and never where it could change what the program
// means (a macro defined first, another standard). That it was used is seen through the
// macro the PCH defines (langs/clangpp.json, compile.precompiled.marker), not by timing.
import assert from "node:assert/strict";
import type { RunResult } from "../src/engine/api";
import { startsWithInclude } from "../src/engine/precompiled-header";
import clangpp from "../langs/clangpp.json";
import { createEngine, runSource, spawnRunno, text, createEngineWithoutSharedMemory } from "./helpers";

const MARKER = clangpp.compile.precompiled.marker;
const DEFAULT_STD = clangpp.standards.default;

/** Prints whether the PCH was used, then uses enough of the library to be worth checking. */
const program = (before: string, body = "") => `${before}#include <bits/stdc++.h>
using namespace std;
int main() {
#ifdef ${MARKER}
  puts("precompiled");
#else
  puts("from the headers");
#endif
  map<string, vector<int>> groups{{"b", {3, 1, 2}}, {"a", {5}}};
  auto& [name, values] = *groups.begin();
  sort(groups["b"].begin(), groups["b"].end());
  optional<int> total = accumulate(groups["b"].begin(), groups["b"].end(), 0);
  printf("%s %zu %d %d\\n", name.c_str(), values.size(), groups["b"][0], total.value_or(-1));
  ${body}
  return 0;
}
`;

function output(result: RunResult): string {
  const detail = result.status === "crashed" || result.status === "killed" ? result.message : "";
  assert.equal(result.status, "exited", `${result.status} ${detail} ${text(result.stderr)}`);
  return text(result.stdout);
}

describe("precompiled <bits/stdc++.h>: when it is used", () => {
  it("is used for a first line of code that includes the header, after comments and blank lines", () => {
    assert.equal(startsWithInclude("#include <bits/stdc++.h>\nint x;", "bits/stdc++.h"), true);
    assert.equal(
      startsWithInclude("\uFEFF// a\n/* b\n c */\n\n  #  include<bits/stdc++.h> // c\r\n", "bits/stdc++.h"),
      true,
    );
    assert.equal(startsWithInclude("#include <bits/stdc++.h> /* c */\n", "bits/stdc++.h"), true);
    // A backslash at the end of a line comment continues it: this #define is comment.
    assert.equal(startsWithInclude("// goes on \\\n#define X\n#include <bits/stdc++.h>\n", "bits/stdc++.h"), true);
  });

  it("is not used after a macro, a pragma or another include, nor for the quoted form or a continued line", () => {
    const no = [
      "#define NDEBUG\n#include <bits/stdc++.h>\n",
      '#pragma GCC optimize("O3")\n#include <bits/stdc++.h>\n',
      "#include <iostream>\n#include <bits/stdc++.h>\n",
      '#include "bits/stdc++.h"\n',
      "#include <bits/stdc++.h> \\\n",
      "#include <bits/stdc++.hpp>\n",
      "int x;\n#include <bits/stdc++.h>\n",
      "",
    ];
    for (const source of no) assert.equal(startsWithInclude(source, "bits/stdc++.h"), false, JSON.stringify(source));
  });
});

describe("precompiled <bits/stdc++.h>: programs", function () {
  this.timeout(300_000);
  const engine = createEngine(1);
  after(() => engine.dispose());

  it(`is built for the default standard (${DEFAULT_STD}), and \`runno runtimes\` says for which`, () => {
    assert.ok(clangpp.compile.precompiled.standards.includes(DEFAULT_STD));
    const listed = spawnRunno(["runtimes"]);
    const standards = clangpp.compile.precompiled.standards.join(" ").replaceAll("+", "\\+");
    assert.match(listed.stdout, new RegExp(`^ {2}precompiled: <bits/stdc\\+\\+\\.h> for ${standards}, used when`, "m"));
    assert.doesNotMatch(listed.stdout, /\{precompiled\}|-include-pch/);
  });

  it("compiles and runs a program with the PCH, which is really used", async () => {
    const result = await runSource(engine, "clangpp", "pch.cpp", program("// solution\n\n"));
    assert.equal(output(result), "precompiled\na 1 1 6\n");
  });

  it("honours a macro defined before the include: no PCH, NDEBUG turns assert off", async () => {
    const result = await runSource(engine, "clangpp", "ndebug.cpp", program("#define NDEBUG\n", "assert(false);"));
    assert.equal(output(result), "from the headers\na 1 1 6\n");
    // The same program without NDEBUG does abort: the macro is what made the difference.
    const asserted = await runSource(engine, "clangpp", "assert.cpp", program("", "assert(false);"));
    assert.equal(asserted.status === "crashed" && asserted.source, "program", text(asserted.stderr));
    assert.match(text(asserted.stderr), /Assertion failed: false \(assert\.cpp: main: \d+\)/);
  });

  it("keeps a program's own specializations and operators, though the PCH instantiated its templates already", async () => {
    // The PCH is built with -fpch-instantiate-templates: the header's instantiations happen
    // at its end. A program's own std::hash and operator< for its types must still be found.
    const body = `struct P { int x, y; bool operator==(const P& o) const { return x == o.x && y == o.y; } };
bool operator<(const P& a, const P& b) { return a.y < b.y; }
namespace std {
template <> struct hash<P> { size_t operator()(const P& p) const { return p.x * 31 + p.y; } };
}
int main() {
  unordered_set<P> seen{{1, 2}, {1, 2}, {3, 4}};
  set<P> byY{{5, 9}, {7, 1}, {6, 5}};
  string order;
  for (const P& p : byY) order += to_string(p.x);
  printf("%zu %zu %s\\n", seen.size(), hash<P>{}({2, 3}), order.c_str());
#ifdef ${MARKER}
  puts("precompiled");
#endif
}
`;
    const withPch = await runSource(
      engine,
      "clangpp",
      "own.cpp",
      `#include <bits/stdc++.h>\nusing namespace std;\n${body}`,
    );
    assert.equal(output(withPch), "2 65 765\nprecompiled\n");
    const fromHeaders = await runSource(
      engine,
      "clangpp",
      "own-headers.cpp",
      `#define FROM_HEADERS\n#include <bits/stdc++.h>\nusing namespace std;\n${body}`,
    );
    assert.equal(output(fromHeaders), "2 65 765\n");
  });

  it("compiles another standard from the headers, with that standard's features", async () => {
    const result = await runSource(
      engine,
      "clangpp",
      "cpp20.cpp",
      program(
        "",
        'auto even = views::iota(1, 5) | views::filter([](int i) { return i % 2 == 0; });\n  for (int i : even) printf("%d ", i);',
      ),
      { std: "c++20" },
    );
    const used = clangpp.compile.precompiled.standards.includes("c++20");
    assert.equal(output(result), `${used ? "precompiled" : "from the headers"}\na 1 1 6\n2 4 `);
  });
});

describe("precompiled <bits/stdc++.h> without shared memory", function () {
  this.timeout(300_000);
  const engine = createEngineWithoutSharedMemory();
  after(() => engine.dispose());

  it("compiles and runs a program with the PCH", async () => {
    const result = await runSource(engine, "clangpp", "pch.cpp", program(""));
    assert.equal(output(result), "precompiled\na 1 1 6\n");
  });
});
