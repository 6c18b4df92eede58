# Added by Runno Sandbox. Compiled to .pyc at build time (scripts/python-stdlib.mjs), as
# compiling this source would cost every run about 6 ms.
import gc as _gc
import os as _os

# Start in the working directory ($PWD): this wasi-libc starts every program at /.
if _os.environ.get("PWD", "/") != "/":
    _os.chdir(_os.environ["PWD"])

# Exempt the interpreter's own start-up objects from every later collection, the final
# ones at exit included: about 5 ms of each run. The program's own objects are
# collected as usual.
_gc.freeze()
