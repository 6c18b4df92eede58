// Routes libc++'s and libc++abi's "would throw, but was built without exceptions" aborts to
// real C++ exceptions (__runno_throw_library in runno-exceptions.cpp). In C, so that no
// noexcept handler stands between the throw and the program's own catch clauses.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void __runno_throw_library(const char *type, const char *message);

static const char MODE[] = " was thrown in -fno-exceptions mode";
static const char WITH_MESSAGE[] = " with message \"%s\"";

static _Noreturn void route(const char *format, va_list args) {
  const char *mode = strstr(format, MODE);
  if (mode) {
    char type[64];
    size_t length = (size_t)(mode - format);
    if (length < sizeof type) {
      memcpy(type, format, length);
      type[length] = 0;
      const char *message = strcmp(mode + sizeof MODE - 1, WITH_MESSAGE) == 0 ? va_arg(args, const char *) : "";
      __runno_throw_library(type, message);
    }
  }
  vfprintf(stderr, format, args);
  fputc('\n', stderr);
  abort();
}

// std::__libcpp_verbose_abort(const char*, ...), which libc++ lets a program replace.
_Noreturn void libcpp_verbose_abort(const char *format, ...) __asm__("_ZNSt3__222__libcpp_verbose_abortEPKcz");
_Noreturn void libcpp_verbose_abort(const char *format, ...) {
  va_list args;
  va_start(args, format);
  route(format, args);
}

// libc++abi's own (operator new's bad_alloc).
_Noreturn void __abort_message(const char *format, ...) {
  va_list args;
  va_start(args, format);
  route(format, args);
}

// The tag of C++ exceptions in wasm's exception-handling instructions: defined by
// libunwind in other toolchains, which this one lacks.
__asm__(".globl __cpp_exception\n.tagtype __cpp_exception i32\n__cpp_exception:\n");
