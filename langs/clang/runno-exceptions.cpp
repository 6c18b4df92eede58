// Runno's C++ exception runtime for WebAssembly exceptions (-fwasm-exceptions).
//
// Why: the libc++abi of @yowasp/clang is built without exceptions, so it lacks the
// throw/catch entry points clang emits calls to, and there is no libunwind. This file
// supplies them: allocation and throw, catch bookkeeping, exception_ptr reference counts,
// the "personality" that reads a function's LSDA to pick a catch clause, the wasm unwinder
// glue (`__wasm_lpad_context`, `_Unwind_CallPersonality`), and g++'s report of an
// uncaught exception. Written for this project from the Itanium C++ ABI and LLVM's
// documented WebAssembly exception-handling scheme.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cxxabi.h>
#include <exception>
#include <typeinfo>

namespace {

// The header in front of every thrown object; the pointer thrown by the wasm `throw`
// instruction is the header's address.
struct Thrown {
  const std::type_info* type;
  void* (*destroy)(void*);  // in wasm a destructor returns its argument
  Thrown* nextCaught;
  int handlers;  // catch clauses holding it; negative while rethrown from one
  int refs;      // owners: in flight or caught (1), plus each std::exception_ptr
  void* adjusted;  // what the chosen catch clause binds to (a base subobject, a pointer)
};

constexpr size_t kHeader = (sizeof(Thrown) + 15) & ~size_t(15);

Thrown* caught = nullptr;  // the stack of exceptions being handled, innermost first
unsigned uncaught = 0;     // thrown and not yet caught
int exiting = -1;          // the status of an exit() under way (see __wrap___wasi_proc_exit)

Thrown* headerOf(void* object) { return reinterpret_cast<Thrown*>(static_cast<char*>(object) - kHeader); }
void* objectOf(Thrown* header) { return reinterpret_cast<char*>(header) + kHeader; }

void release(Thrown* header) {
  if (--header->refs > 0) return;
  if (header->destroy) header->destroy(objectOf(header));
  std::free(header);
}

[[noreturn]] void throwHeader(Thrown* header) {
  ++uncaught;
  __builtin_wasm_throw(0, header);
}

}  // namespace

extern "C" {

// Linked with --wrap=__wasi_proc_exit: the host ends the program by throwing through it,
// which wasm's catch_all (C++'s catch (...)) would otherwise catch.
[[noreturn]] void __real___wasi_proc_exit(uint32_t status);
[[noreturn]] void __wrap___wasi_proc_exit(uint32_t status) {
  exiting = int(status);
  __real___wasi_proc_exit(status);
}

void* __cxa_allocate_exception(size_t size) noexcept {
  void* memory = std::calloc(1, kHeader + size);
  if (!memory) {
    std::fputs("terminate called: out of memory allocating an exception\n", stderr);
    std::abort();
  }
  return static_cast<char*>(memory) + kHeader;
}

void __cxa_free_exception(void* object) noexcept { std::free(headerOf(object)); }

__cxxabiv1::__cxa_exception* __cxa_init_primary_exception(void* object, std::type_info* type, void* (*destroy)(void*)) noexcept {
  Thrown* header = headerOf(object);
  header->type = type;
  header->destroy = destroy;
  header->refs = 0;  // exception_ptr takes the first reference
  header->adjusted = object;
  return reinterpret_cast<__cxxabiv1::__cxa_exception*>(header);
}

void __cxa_throw(void* object, std::type_info* type, void* (*destroy)(void*)) {
  Thrown* header = headerOf(object);
  header->type = type;
  header->destroy = destroy;
  header->refs = 1;
  header->adjusted = object;
  throwHeader(header);
}

void* __cxa_get_exception_ptr(void* exception) noexcept {
  return exception ? static_cast<Thrown*>(exception)->adjusted : nullptr;
}

void* __cxa_begin_catch(void* exception) noexcept {
  Thrown* header = static_cast<Thrown*>(exception);
  if (!header) {
    // A foreign exception, caught by catch (...): the host ending the program (exit(), a
    // limit). It must not be swallowed: exit again, or stop where no handler can catch.
    if (exiting >= 0) __real___wasi_proc_exit(exiting);
    __builtin_trap();
  }
  header->handlers = (header->handlers < 0 ? -header->handlers : header->handlers) + 1;
  if (header != caught) {
    header->nextCaught = caught;
    caught = header;
  }
  if (uncaught > 0) --uncaught;
  return header->adjusted;
}

void __cxa_end_catch() {
  Thrown* header = caught;
  if (!header) return;
  if (header->handlers < 0) {
    // Rethrown: it is in flight again, owned by whoever catches it next.
    if (++header->handlers == 0) caught = header->nextCaught;
  } else if (--header->handlers == 0) {
    caught = header->nextCaught;
    release(header);
  }
}

void __cxa_rethrow() {
  Thrown* header = caught;
  if (!header) std::terminate();
  header->handlers = -header->handlers;
  throwHeader(header);
}

std::type_info* __cxa_current_exception_type() {
  return caught ? const_cast<std::type_info*>(caught->type) : nullptr;
}

bool __cxa_uncaught_exception() noexcept { return uncaught != 0; }
unsigned int __cxa_uncaught_exceptions() noexcept { return uncaught; }

// std::exception_ptr (libc++'s exception.cpp calls these).
void* __cxa_current_primary_exception() noexcept {
  if (!caught) return nullptr;
  ++caught->refs;
  return objectOf(caught);
}

void __cxa_increment_exception_refcount(void* object) noexcept {
  if (object) ++headerOf(object)->refs;
}

void __cxa_decrement_exception_refcount(void* object) noexcept {
  if (object) release(headerOf(object));
}

void __cxa_rethrow_primary_exception(void* object) {
  Thrown* header = headerOf(object);
  ++header->refs;
  header->adjusted = object;
  throwHeader(header);
}

void __cxa_call_terminate(void* exception) noexcept {
  __cxa_begin_catch(exception);
  std::terminate();
}

}  // extern "C"

// ---- Choosing a catch clause ----

namespace {

// Itanium ABI type_info layouts (wasm32), read by the dynamic type of the type_info.
struct ClassInfo : std::type_info {};
struct SingleBaseInfo : std::type_info {
  const std::type_info* base;
};
struct BaseEntry {
  const std::type_info* type;
  long offsetFlags;  // offset << 8 | 2 (public) | 1 (virtual)
};
struct MultipleBaseInfo : std::type_info {
  unsigned flags;
  unsigned count;
  BaseEntry bases[1];
};
struct PointerInfo : std::type_info {
  unsigned flags;  // 1 const, 2 volatile, 4 restrict
  const std::type_info* pointee;
};

enum class Kind { Other, Class, SingleBase, MultipleBase, Pointer };

Kind kindOf(const std::type_info* type) {
  const char* name = typeid(*type).name();
  if (!std::strcmp(name, "N10__cxxabiv117__class_type_infoE")) return Kind::Class;
  if (!std::strcmp(name, "N10__cxxabiv120__si_class_type_infoE")) return Kind::SingleBase;
  if (!std::strcmp(name, "N10__cxxabiv121__vmi_class_type_infoE")) return Kind::MultipleBase;
  if (!std::strcmp(name, "N10__cxxabiv119__pointer_type_infoE")) return Kind::Pointer;
  return Kind::Other;
}

/** Finds `target` among `type` and its public bases; `object` is adjusted to that subobject. */
bool findBase(const std::type_info* type, void* object, const std::type_info* target, void** found) {
  if (*type == *target) {
    *found = object;
    return true;
  }
  switch (kindOf(type)) {
    case Kind::SingleBase:
      return findBase(static_cast<const SingleBaseInfo*>(type)->base, object, target, found);
    case Kind::MultipleBase: {
      auto* info = static_cast<const MultipleBaseInfo*>(type);
      for (unsigned i = 0; i < info->count; ++i) {
        long flags = info->bases[i].offsetFlags;
        if (!(flags & 2)) continue;
        long offset = flags >> 8;
        if (flags & 1) {
          if (!object) continue;
          char* vtable = *static_cast<char**>(object);
          offset = *reinterpret_cast<long*>(vtable + offset);
        }
        if (findBase(info->bases[i].type, object ? static_cast<char*>(object) + offset : nullptr, target, found)) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

bool isVoid(const std::type_info* type) { return *type == typeid(void); }

/**
 * Whether a handler for `handler` catches an exception of `thrown`, and what it binds to: the
 * (base) object for a class or value handler, the (adjusted) pointer itself for a pointer
 * handler, as clang's catch code expects from __cxa_begin_catch.
 */
bool catches(const std::type_info* handler, const std::type_info* thrown, void* object, void** bound) {
  bool pointerHandler = kindOf(handler) == Kind::Pointer;
  if (*handler == *thrown) {
    *bound = pointerHandler ? *static_cast<void**>(object) : object;
    return true;
  }
  if (pointerHandler && *thrown == typeid(std::nullptr_t)) {
    *bound = nullptr;
    return true;
  }
  if (pointerHandler && kindOf(thrown) == Kind::Pointer) {
    auto* to = static_cast<const PointerInfo*>(handler);
    auto* from = static_cast<const PointerInfo*>(thrown);
    if ((from->flags & ~to->flags) & 7) return false;  // may add, never drop, const/volatile
    void* pointer = *static_cast<void**>(object);
    if (*to->pointee == *from->pointee || isVoid(to->pointee)) {
      *bound = pointer;
      return true;
    }
    return pointer && findBase(from->pointee, pointer, to->pointee, bound);
  }
  return findBase(thrown, object, handler, bound);
}

// ---- Reading the LSDA (DWARF exception tables as LLVM writes them for wasm) ----

enum : uint8_t { kOmit = 0xff, kIndirect = 0x80 };

// LEB128: 7 bits a byte, lowest first; a signed one extends the sign bit of its last byte.
uintptr_t readLeb128(const uint8_t** p, bool isSigned) {
  uintptr_t result = 0;
  unsigned shift = 0;
  uint8_t byte;
  do {
    byte = *(*p)++;
    result |= uintptr_t(byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (isSigned && shift < sizeof(result) * 8 && (byte & 0x40)) result |= ~uintptr_t(0) << shift;
  return result;
}

uintptr_t readUleb(const uint8_t** p) { return readLeb128(p, false); }
intptr_t readSleb(const uint8_t** p) { return intptr_t(readLeb128(p, true)); }

/** A fixed-size value of type T (unaligned), converted as its signedness says. */
template <typename T>
uintptr_t readFixed(const uint8_t** p) {
  T value;
  std::memcpy(&value, *p, sizeof value);
  *p += sizeof value;
  return uintptr_t(value);
}

uintptr_t readEncoded(const uint8_t** p, uint8_t encoding) {
  uintptr_t value;
  switch (encoding & 0x0f) {
    case 0x01: value = readUleb(p); break;
    case 0x09: value = uintptr_t(readSleb(p)); break;
    case 0x02: value = readFixed<uint16_t>(p); break;
    case 0x0a: value = readFixed<int16_t>(p); break;
    case 0x0b: value = readFixed<int32_t>(p); break;
    default: value = readFixed<uint32_t>(p); break;  // absptr, udata4
  }
  if (value && (encoding & kIndirect)) value = *reinterpret_cast<uintptr_t*>(value);
  return value;
}

size_t encodedSize(uint8_t encoding) {
  switch (encoding & 0x0f) {
    case 0x02: case 0x0a: return 2;
    case 0x04: case 0x0c: return 8;
    default: return 4;
  }
}

// Our top-level handler around main catches every C++ exception (see below); foreign
// exceptions (the host's exit) must pass, so it cannot be a catch (...).
struct AnyCxxException {};

}  // namespace

extern "C" {

// Filled by the code clang emits at a catch pad before it calls _Unwind_CallPersonality.
struct LandingPadContext {
  uintptr_t lpadIndex;
  uintptr_t lsda;
  uintptr_t selector;
} __wasm_lpad_context;

/** Sets `selector` to the type filter of the first catch clause of this landing pad that matches, or 0. */
int _Unwind_CallPersonality(void* exception) {
  __wasm_lpad_context.selector = 0;
  auto* header = static_cast<Thrown*>(exception);
  const uint8_t* p = reinterpret_cast<const uint8_t*>(__wasm_lpad_context.lsda);
  if (!header || !p) return 8;  // _URC_CONTINUE_UNWIND
  uint8_t startEncoding = *p++;
  if (startEncoding != kOmit) readEncoded(&p, startEncoding);
  uint8_t typeEncoding = *p++;
  const uint8_t* types = nullptr;
  if (typeEncoding != kOmit) {
    uintptr_t offset = readUleb(&p);
    types = p + offset;
  }
  p++;  // call-site encoding: always uleb128 for wasm
  uintptr_t callSiteLength = readUleb(&p);
  const uint8_t* actions = p + callSiteLength;
  // Wasm's call-site table is indexed by landing pad: (landing pad, action) pairs.
  uintptr_t action = 0;
  for (uintptr_t i = 0; i <= __wasm_lpad_context.lpadIndex && p < actions; ++i) {
    readUleb(&p);
    action = readUleb(&p);
  }
  if (action == 0) return 8;
  const uint8_t* entry = actions + action - 1;
  void* object = objectOf(header);
  for (;;) {
    intptr_t filter = readSleb(&entry);
    const uint8_t* next = entry;
    intptr_t displacement = readSleb(&entry);
    if (filter > 0 && types) {
      const uint8_t* slot = types - filter * encodedSize(typeEncoding);
      auto* handler = reinterpret_cast<const std::type_info*>(readEncoded(&slot, typeEncoding));
      void* bound = object;
      bool matched = !handler || *handler == typeid(AnyCxxException) || catches(handler, header->type, object, &bound);
      if (matched) {
        header->adjusted = bound;
        __wasm_lpad_context.selector = uintptr_t(filter);
        return 6;  // _URC_HANDLER_FOUND
      }
    }
    if (displacement == 0) break;
    entry = next + displacement;
  }
  return 8;
}

// Named as the personality of every function with a landing pad; the work is done above.
int __gxx_wasm_personality_v0() { return 8; }

}  // extern "C"

// ---- Library throws and the uncaught-exception report ----

#include <any>
#include <functional>
#include <ios>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <variant>

/**
 * libc++.a is compiled without exceptions: where it would throw (std::stoi, operator new)
 * it calls __libcpp_verbose_abort ("out_of_range was thrown in -fno-exceptions mode with
 * message ..."). runno-library-throws.c routes those calls here, and this throws the
 * exception the library meant to. The frames of the library in between have no cleanups
 * (they were compiled without them), so their temporaries are leaked, never run twice.
 */
extern "C" [[noreturn]] void __runno_throw_library(const char* type, const char* message) {
  std::string_view t = type;
  if (t == "logic_error") throw std::logic_error(message);
  if (t == "domain_error") throw std::domain_error(message);
  if (t == "invalid_argument") throw std::invalid_argument(message);
  if (t == "length_error") throw std::length_error(message);
  if (t == "out_of_range") throw std::out_of_range(message);
  if (t == "range_error") throw std::range_error(message);
  if (t == "overflow_error") throw std::overflow_error(message);
  if (t == "underflow_error") throw std::underflow_error(message);
  if (t == "bad_alloc") throw std::bad_alloc();
  if (t == "bad_array_new_length") throw std::bad_array_new_length();
  if (t == "bad_cast") throw std::bad_cast();
  if (t == "bad_typeid") throw std::bad_typeid();
  if (t == "bad_function_call") throw std::bad_function_call();
  if (t == "bad_optional_access") throw std::bad_optional_access();
  if (t == "bad_variant_access") throw std::bad_variant_access();
  if (t == "bad_any_cast") throw std::bad_any_cast();
  if (t == "bad_weak_ptr") throw std::bad_weak_ptr();
  if (t == "ios_base::failure") throw std::ios_base::failure(message);
  std::fprintf(stderr, "terminate called after throwing an instance of 'std::%s'\n", type);
  if (*message) std::fprintf(stderr, "  what():  %s\n", message);
  std::abort();
}

namespace {

// As g++'s (libstdc++'s) verbose terminate handler words it.
[[noreturn]] void reportTerminate() {
  Thrown* header = caught;
  if (!header) {
    std::fputs("terminate called without an active exception\n", stderr);
  } else {
    int status = 0;
    char* name = abi::__cxa_demangle(header->type->name(), nullptr, nullptr, &status);
    std::fprintf(stderr, "terminate called after throwing an instance of '%s'\n", status == 0 && name ? name : header->type->name());
    void* base;
    if (findBase(header->type, objectOf(header), &typeid(std::exception), &base)) {
      std::fprintf(stderr, "  what():  %s\n", static_cast<std::exception*>(base)->what());
    }
  }
  std::fflush(stdout);
  std::abort();
}

__attribute__((constructor)) void installTerminateHandler() { std::set_terminate(reportTerminate); }

}  // namespace

// Linked with --wrap=__main_void: main runs inside a handler for any C++ exception, so one
// that escapes main is reported (std::terminate) instead of leaving the program as a trap.
extern "C" int __real___main_void();
extern "C" int __wrap___main_void() {
  try {
    return __real___main_void();
  } catch (const AnyCxxException&) {
    std::terminate();
  }
}
