// package.json declares the VS Code language-model tools with the same input schemas the
// tools validate with (src/tools/schemas.ts): one definition, checked here to stay one.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { codeBlock } from "../src/extension/agent/confirmation";
import { inputJsonSchema, runCodeInput, runTestsInput } from "../src/tools/schemas";
import { REPO } from "./helpers";

interface ToolContribution {
  name: string;
  modelDescription: string;
  inputSchema: unknown;
}

describe("language-model tools: the manifest", () => {
  const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
  const tools: ToolContribution[] = manifest.contributes.languageModelTools;

  it("declares runno_runCode and runno_runTests with the schemas the tools validate with", () => {
    assert.deepEqual(
      tools.map((t) => t.name),
      ["runno_runCode", "runno_runTests"],
    );
    assert.deepEqual(tools[0].inputSchema, inputJsonSchema(runCodeInput));
    assert.deepEqual(tools[1].inputSchema, inputJsonSchema(runTestsInput));
    for (const tool of tools)
      assert.ok(tool.modelDescription.length > 200, `${tool.name} tells a model when to use it`);
  });

  it("shows code in a fence the code cannot close", () => {
    assert.equal(codeBlock("print(1)", "python"), "```python\nprint(1)\n```");
    assert.equal(codeBlock("s = '```'\n", "clang"), "````c\ns = '```'\n\n````");
  });
});
