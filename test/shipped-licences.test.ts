// What the .vsix holds for C and C++ (as `vsce ls` lists it from .vscodeignore): clang 22's
// files and, with them, the texts and notices of their licences.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import clang from "../langs/clang.json";
import clangpp from "../langs/clangpp.json";
import { REPO } from "./helpers";

const LICENCE_FILES = [
  "dist/langs/clang-22-LICENSE-LLVM.txt",
  "dist/langs/clang-22-LICENSE-OTHERS.txt",
  "dist/langs/clang-22-NOTICE.txt",
];

describe("licences shipped with clang 22", function () {
  this.timeout(60_000);

  it("packs the compiler, its layers and its licence texts into the .vsix, and leaves clang 8 out", () => {
    const listed = spawnSync(join(REPO, "node_modules", ".bin", "vsce"), ["ls", "--no-dependencies"], {
      cwd: REPO,
      encoding: "utf8",
    });
    assert.equal(listed.status, 0, listed.stderr);
    const files = new Set(listed.stdout.split("\n").map((line) => line.trim()));
    const layers = clangpp.compile.precompiled.standards.map((std) =>
      clangpp.compile.precompiled.layer.replace("{std}", std),
    );
    const runtime = ["llvm-22.wasm", ...clangpp.compile.layers, ...layers].map((name) => `dist/langs/${name}`);
    for (const file of [...runtime, ...LICENCE_FILES]) assert.ok(files.has(file), `${file} is not in the .vsix`);
    assert.ok(!files.has("dist/langs/clang.wasm"), "clang 8 is the bench's baseline only");
  });

  it("names the files the licence texts ship in, in both descriptors", () => {
    for (const descriptor of [clang, clangpp]) {
      for (const file of LICENCE_FILES) assert.ok(descriptor.license.includes(file.split("/").pop()!), file);
    }
  });

  it("holds the permission texts of musl (MIT), cloudlibc (BSD-2-Clause), dlmalloc (CC0) and the packaging (ISC)", () => {
    const others = readFileSync(join(REPO, "dist/langs/clang-22-LICENSE-OTHERS.txt"), "utf8");
    for (const [holders, words] of [
      ["Rich Felker", "Permission is hereby granted, free of charge"],
      ["Nuxi", "Redistribution and use in source and binary forms"],
      ["Doug Lea", "CC0 1.0 Universal"],
      ["whitequark", "Permission to use, copy, modify, and/or distribute this software"],
    ]) {
      const section = others.split("-".repeat(72)).find((part) => part.includes(holders));
      assert.ok(section, `no section for ${holders}`);
      assert.ok(section.includes(words), `the section of ${holders} lacks its licence text`);
      assert.ok(!section.includes("<year>"), `the section of ${holders} keeps the template's placeholder`);
    }
  });
});
