// Writes the licence texts of the parts of clang 22's files that are not LLVM's own
// (dist/langs/clang-22-LICENSE-OTHERS.txt). @yowasp/clang ships none, so the standard texts
// come from the npm package spdx-license-list at build time, each under its holders' line.
import spdxLicences from "spdx-license-list/full.js";
import { writeFileSync } from "node:fs";

/** What the sysroot and the compiler hold besides LLVM (whose text is clang-22-LICENSE-LLVM.txt). */
const PARTS = [
  {
    part: "musl (wasi-libc's libc-top-half/musl)",
    spdx: "MIT",
    holders: "Copyright © 2005-2020 Rich Felker, et al. (musl's COPYRIGHT file names the other authors)",
  },
  {
    part: "cloudlibc (wasi-libc's libc-bottom-half/cloudlibc)",
    spdx: "BSD-2-Clause",
    holders: "Copyright (c) 2015-2016 Nuxi, https://nuxi.nl/",
  },
  {
    part: "dlmalloc (wasi-libc's malloc)",
    spdx: "CC0-1.0",
    holders: "Written by Doug Lea and released to the public domain",
  },
  {
    part: "the @yowasp/clang packaging (llvm-22.wasm as built and packed by YoWASP)",
    spdx: "ISC",
    holders: "Copyright (c) Catherine <whitequark@whitequark.org>",
  },
];

export const OTHER_LICENCES_FILE = "clang-22-LICENSE-OTHERS.txt";

/** The texts, each a section: the part, its SPDX id, its holders, then the licence without its template's own holders. */
export function otherLicencesText() {
  const sections = PARTS.map(({ part, spdx, holders }) => {
    const licence = spdxLicences[spdx];
    if (!licence) throw new Error(`spdx-license-list has no ${spdx} text`);
    const text = licence.licenseText
      .split("\n")
      .filter((line) => !/^\s*Copyright\b/i.test(line) && !/^\s*(MIT|ISC) License:?\s*$/.test(line))
      .join("\n")
      .trim();
    return `${part}\nSPDX: ${spdx}\n${holders}\n\n${text}\n`;
  });
  return `Licences of the parts of the clang 22 files that are not the LLVM Project's own\n(see clang-22-NOTICE.txt for what is where)\n\n${sections.join(`\n${"-".repeat(72)}\n\n`)}`;
}

export function writeOtherLicences(toDir) {
  writeFileSync(`${toDir}/${OTHER_LICENCES_FILE}`, otherLicencesText());
}
