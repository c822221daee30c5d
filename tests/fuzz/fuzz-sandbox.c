/* fuzz-sandbox.c — every fuzz target runs inside the parsing processes' sandbox (cmd/sandbox.h),
 * entered once before the first input, as a worker enters it before its first file.  An input
 * that makes finrep's code, or a library under it, want a refused system call kills the
 * target with SIGSYS and names the call: a finding, like a crash.
 *
 * Under the plain driver the filter is the worker's, without the worker's limits (the
 * driver's output may be a file).  Under libFuzzer, which shares the process, the engine and
 * the sanitizer runtimes are let do what they need (FR_SANDBOX_FUZZER): write the corpus
 * and crash files, time inputs, and stop the world for LeakSanitizer. */
#include <stdio.h>
#include <stdlib.h>

#include "sandbox.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);

/* a libFuzzer build is a clang build, whose sanitizer runtime has the symbolizer's entry */
#ifdef FR_FUZZING
#include <sanitizer/common_interface_defs.h>
#endif

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autofree char *why = NULL;
  if (!fr_sandbox_probe (&why)) {
    fprintf (stderr, "fuzz: %s: running without the sandbox\n", why);
    return 0;
  }
  fr_sandbox_warm_up ();
#ifdef FR_FUZZING
  /* a report's stack is symbolized by llvm-symbolizer, a program AddressSanitizer starts on
   * first use: start it now, while exec is allowed */
  char buf[256];
  __sanitizer_symbolize_pc ((void *) LLVMFuzzerInitialize, "%p %F %L", buf, sizeof buf);
#endif
  g_autoptr (GError) error = NULL;
#ifdef FR_FUZZING
  FrSandboxKind kind = FR_SANDBOX_FUZZER;
#else
  FrSandboxKind kind = FR_SANDBOX_DRIVER;
#endif
  if (!fr_sandbox_enter (kind, -1, &error)) {
    fprintf (stderr, "fuzz: %s\n", error->message);
    abort ();
  }
  return 0;
}
