/* pipeline.c — the stages as a table, run by one loop. */
#include "stages.h"

typedef struct {
  const char *name;
  void (*run) (FrAnalysis *an);
} Stage;

/* In order; each stage reads what the ones before it made (DESIGN.md, "Stages"). */
static const Stage stages[] = {
#define STAGE(id, name, what) { #name, fr_stage_##name },
#include "stages.def"
#undef STAGE
};

void
fr_analyze (FrAnalysis *an)
{
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    stages[i].run (an);
}
