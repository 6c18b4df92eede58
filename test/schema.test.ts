// The JSON Schema editors use agrees with the parser: same keys, and the examples validate.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { CASE_KEYS, FILE_KEYS } from "../src/testing/parse";
import { FIXTURES } from "./fixtures";
import { REPO } from "./helpers";

const schema = JSON.parse(readFileSync(join(REPO, "schemas", "runno-test.schema.json"), "utf8"));

describe("test file JSON Schema", () => {
  it("names exactly the keys the parser accepts", () => {
    assert.deepEqual(Object.keys(schema.properties).sort(), [...FILE_KEYS].sort());
    assert.deepEqual(Object.keys(schema.definitions.case.properties).sort(), [...CASE_KEYS].sort());
  });

  it("accepts every example test file and rejects a broken one", () => {
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);
    const folder = join(FIXTURES, "exercises");
    let count = 0;
    for (const runtime of readdirSync(folder)) {
      for (const name of readdirSync(join(folder, runtime)).filter((f) => f.endsWith(".runno.yaml"))) {
        const valid = validate(parse(readFileSync(join(folder, runtime, name), "utf8")));
        assert.ok(valid, `${runtime}/${name}: ${JSON.stringify(validate.errors)}`);
        count++;
      }
    }
    assert.ok(count >= 14);
    assert.equal(validate({ entry: "a.py", tests: [{ name: "n", stdot: "x" }] }), false);
  });
});
