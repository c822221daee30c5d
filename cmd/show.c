/* show.c — `finrep show` (the spot-check issue). */
#include <stdio.h>

#include "commands.h"

int
fr_cmd_show (int argc, char **argv)
{
  fprintf (stderr, "finrep show: not built yet\n");
  return FR_EXIT_FAILURE;
}
