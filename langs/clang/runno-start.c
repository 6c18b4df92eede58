// Linked into every C and C++ program: starts it in its working directory, as a shell does.
// This wasi-libc starts every program in "/" and resolves relative paths from there; the
// sandbox gives the working directory as $PWD.
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void enter_working_directory(void) {
  const char *pwd = getenv("PWD");
  if (pwd && *pwd) chdir(pwd);
}
