# Added by Runno Sandbox. Compiled to .pyc at build time (scripts/python-stdlib.mjs), as
# compiling this source would cost every run about 6 ms.
import gc as _gc
import os as _os
import sys as _sys

# Start in the working directory ($PWD): this wasi-libc starts every program at /.
if _os.environ.get("PWD", "/") != "/":
    _os.chdir(_os.environ["PWD"])


class _AsyncioWithoutSelfPipe:
    """Lets asyncio's event loop start under WASI, which has no socketpair().

    The selector event loop makes a socket pair at start (its "self-pipe") only to be
    woken from other threads and signal handlers, neither of which WASI has: without it
    the loop works as natively. Patched when asyncio.selector_events is first imported,
    so that a program that never uses asyncio pays nothing for it."""

    TARGET = "asyncio.selector_events"

    def find_spec(self, name, path=None, target=None):
        if name != self.TARGET:
            return None
        _sys.meta_path.remove(self)
        for finder in _sys.meta_path:
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                run_module = spec.loader.exec_module

                def exec_module(module):
                    run_module(module)
                    _without_self_pipe(module.BaseSelectorEventLoop)

                spec.loader.exec_module = exec_module
                return spec
        return None


def _without_self_pipe(loop_class):
    def make_self_pipe(self):
        # call_soon_threadsafe() checks for a missing socket and skips the wake-up.
        self._ssock = self._csock = None

    def close_self_pipe(self):
        pass

    loop_class._make_self_pipe = make_self_pipe
    loop_class._close_self_pipe = close_self_pipe


if _sys.platform == "wasi":
    _sys.meta_path.insert(0, _AsyncioWithoutSelfPipe())

# Exempt the interpreter's own start-up objects from every later collection, the final
# ones at exit included: about 5 ms of each run. The program's own objects are
# collected as usual.
_gc.freeze()
