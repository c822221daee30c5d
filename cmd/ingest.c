/* ingest.c — `finrep ingest` (the bulk-ingest issue). */
#include <stdio.h>

#include "commands.h"

int
fr_cmd_ingest (int argc, char **argv)
{
  fprintf (stderr, "finrep ingest: not built yet\n");
  return FR_EXIT_FAILURE;
}
