// Builds the clang 22 layer (dist/langs/clang-22-sysroot.tar.gz) at build time from
// @yowasp/clang's own files, and links its compiler into dist/langs/llvm-22.wasm.
//
// The layer is @yowasp/clang's wasm32-wasip1 sysroot (llvm-resources.tar) moved under /usr,
// less what no wasm program can use (CUDA/HIP headers, other targets' intrinsics, C++ module
// sources, shared libraries), plus ours from langs/clang: <bits/stdc++.h>, and the C++ exception runtime
// compiled by this very clang (its libc++abi has none; see langs/README.md).
import { Directory, File, OpenFile, PreopenDirectory, WASI } from "@bjorn3/browser_wasi_shim";
import { createTarGzip, parseTar } from "nanotar";
import { copyFileSync, linkSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TextEncoder } from "node:util";
import { writeOtherLicences } from "./licence-texts.mjs";

const PACKAGE = "node_modules/@yowasp/clang/gen";
export const CLANG_BINARY = "llvm-22.wasm";
// Where npm puts the compiler: the table the library finds it by too.
const [CLANG_PACKAGE, CLANG_PATH] = JSON.parse(
  readFileSync(new URL("../langs/npm-files.json", import.meta.url), "utf8"),
)[CLANG_BINARY];
const COMPILER = join("node_modules", CLANG_PACKAGE, CLANG_PATH);
export const CLANG_LAYER = "clang-22-sysroot.tar.gz";
const OURS = new URL("../langs/clang/", import.meta.url);
const RUNTIME_SOURCES = ["runno-start.c", "runno-exceptions.cpp", "runno-library-throws.c"];
const CLANGPP_DESCRIPTOR = new URL("../langs/clangpp.json", import.meta.url);
const CLANGPP = JSON.parse(readFileSync(CLANGPP_DESCRIPTOR, "utf8"));
const PRECOMPILED = CLANGPP.compile.precompiled;
const SKIP = [
  /^include\/(cuda_wrappers|openmp_wrappers|ppc_wrappers|llvm_libc_wrappers|llvm_offload_wrappers|zos_wrappers)\//,
  /^include\/__clang_(cuda|hip|spirv)/,
  // Clang's headers for other targets (x86, Arm, PowerPC, RISC-V, Hexagon, GPUs, MSVC...): on
  // wasm32 each stops at its own #error. A fifth of the layer, and of every cold start's unpacking.
  /^include\/[^/]*intrin[^/]*\.h$/,
  /^include\/(altivec|amo|andes_vector|cet|cpuid|hlsl|mm3dnow|msa|opencl-c|opencl-c-base|sifive_vector|vadefs|yvals_core)\.h$/,
  /^include\/(arm|arm64|hexagon|hvx|riscv)[^/]*\.h$/,
  // Sanitizer, fuzzer, profiling and JIT interfaces and HLSL: nothing a wasm32-wasip1 program can use.
  /^include\/(fuzzer|hlsl|orc|profile|sanitizer|xray)\//,
  /^share\//,
  /\.so$/,
  /libclang_rt\.profile\.a$/,
];

/** Writes the layer and the binary into `toDir` unless they are newer than everything they are made from. */
export async function buildClangLayer(toDir) {
  linkOrCopy(COMPILER, join(toDir, CLANG_BINARY));
  // Its licence ships with it (in the .vsix): @yowasp/clang's package carries no licence text.
  copyFileSync(new URL("LICENSE-LLVM.txt", OURS), join(toDir, "clang-22-LICENSE-LLVM.txt"));
  // Ours: what is in the clang 22 files and under which licences (wasi-libc, musl too).
  copyFileSync(new URL("NOTICE.txt", OURS), join(toDir, "clang-22-NOTICE.txt"));
  // The texts of the other parts' licences (musl, cloudlibc, dlmalloc, the packaging).
  writeOtherLicences(toDir);
  const target = join(toDir, CLANG_LAYER);
  const ours = ["bits/stdc++.h", ...RUNTIME_SOURCES].map((name) => new URL(name, OURS));
  const inputs = [join(PACKAGE, "llvm-resources.tar"), COMPILER, ...ours, CLANGPP_DESCRIPTOR, new URL(import.meta.url)];
  const outputs = [target, ...PRECOMPILED.standards.map((std) => join(toDir, expandStd(PRECOMPILED.layer, std)))];
  try {
    const built = Math.min(...outputs.map((output) => statSync(output).mtimeMs));
    if (inputs.every((input) => statSync(input).mtimeMs <= built)) return;
  } catch {
    // Not built yet: build it.
  }

  const files = parseTar(readFileSync(join(PACKAGE, "llvm-resources.tar")))
    .filter(
      (entry) =>
        (entry.type === "file" || entry.type === undefined) && entry.data && !SKIP.some((re) => re.test(entry.name)),
    )
    .map((entry) => ({ name: `usr/${entry.name.replace(/^\.?\//, "")}`, data: entry.data }));
  files.push({ name: "usr/include/bits/stdc++.h", data: readFileSync(new URL("bits/stdc++.h", OURS)) });
  const compiler = await WebAssembly.compile(readFileSync(COMPILER));
  for (const source of RUNTIME_SOURCES) {
    const object = await compileRuntime(compiler, files, source, readFileSync(new URL(source, OURS)));
    files.push({ name: `usr/lib/runno/${source.replace(/\.\w+$/, ".o")}`, data: object });
  }
  writeFileSync(target, await createTarGzip(files));
  for (const std of PRECOMPILED.standards) {
    const layer = await precompiledHeaderLayer(compiler, files, std);
    writeFileSync(join(toDir, expandStd(PRECOMPILED.layer, std)), await createTarGzip(layer));
  }
}

/**
 * The precompiled <bits/stdc++.h> for one standard, with exactly the options of a C++
 * compile (langs/clangpp.json), as a layer of its own: the engine mounts it, and passes
 * -include-pch, only for a program whose first line of code includes that header
 * (src/engine/precompiled-header.ts). The PCH is built from a wrapper that also defines
 * PRECOMPILED.marker, so a program can tell that it was used. No timestamps in it: the
 * engine's files have their own, and clang then checks the headers' sizes only.
 */
async function precompiledHeaderLayer(compiler, sysroot, std) {
  const wrapper = expandStd(PRECOMPILED.wrapper, std).replace(/^\//, "");
  const source = new TextEncoder().encode(`#include <${PRECOMPILED.include}>\n#define ${PRECOMPILED.marker} 1\n`);
  const args = [
    "clang++",
    ...compileOptions(std),
    "-Xclang",
    "-fno-pch-timestamp",
    // The header's own pending template instantiations done once here, not in every
    // program that uses the PCH: loading it went from ~450 to ~60 ms of a compile. Their
    // point of instantiation moves to the end of the header, which only matters to
    // programs that are ill-formed, no diagnostic required ([temp.point]).
    "-fpch-instantiate-templates",
    "-x",
    "c++-header",
    `/${wrapper}`,
    "-o",
    "/work/out.o",
  ];
  const pch = await runClang(compiler, sysroot, args, { [wrapper]: source }, `the ${std} PCH`);
  return [
    { name: wrapper, data: source },
    { name: expandStd(PRECOMPILED.file, std).replace(/^\//, ""), data: pch },
  ];
}

/** The C++ compile step's options, as the engine passes them, less input, output and placeholders. */
function compileOptions(std) {
  const args = CLANGPP.compile.steps[0].args;
  const options = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-o" || args[i] === "-working-directory") i++;
    else if (args[i] !== "-c" && !/^\{(entry|precompiled)\}$/.test(args[i])) options.push(expandStd(args[i], std));
  }
  return options;
}

function expandStd(text, std) {
  return text.replaceAll("{std}", std);
}

/** Compiles one of our runtime sources with the toolchain itself, against its own sysroot. */
async function compileRuntime(compiler, sysroot, name, source) {
  const args = name.endsWith(".cpp")
    ? ["clang++", "-c", "-O2", "-std=c++23", "-fwasm-exceptions", `/work/${name}`, "-o", "/work/out.o"]
    : ["clang", "-c", "-O2", `/work/${name}`, "-o", "/work/out.o"];
  return runClang(compiler, sysroot, args, { [`work/${name}`]: source }, `langs/clang/${name}`);
}

/**
 * Runs clang (argv[0] picks the tool) on the sysroot plus `extra` files, and returns
 * /work/out.o (whatever it holds).
 */
async function runClang(compiler, sysroot, args, extra, what) {
  const root = new Directory(new Map());
  for (const { name: path, data } of sysroot) put(root, path, data);
  for (const [path, data] of Object.entries(extra)) put(root, path, data);
  put(root, "work/.keep", new Uint8Array(0));
  const stderr = new File([]);
  const fds = [
    new OpenFile(new File([])),
    new OpenFile(new File([])),
    new OpenFile(stderr),
    new PreopenDirectory("/", root.contents),
  ];
  const wasi = new WASI(args, ["PWD=/work"], fds, { debug: false });
  const instance = await WebAssembly.instantiate(compiler, { wasi_snapshot_preview1: wasi.wasiImport });
  const status = wasi.start(instance);
  const output = root.contents.get("work").contents.get("out.o");
  if (status !== 0 || !output)
    throw new Error(`compiling ${what} failed (exit ${status}): ${new TextDecoder().decode(stderr.data)}`);
  return output.data;
}

function put(root, path, data) {
  const parts = path.split("/");
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    let next = dir.contents.get(part);
    if (!next) dir.contents.set(part, (next = new Directory(new Map())));
    dir = next;
  }
  dir.contents.set(parts.at(-1), new File(data, { readonly: true }));
}

function linkOrCopy(from, to) {
  try {
    if (statSync(to).size === statSync(from).size) return;
    rmSync(to);
  } catch {
    // Not there yet: linked below.
  }
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}
