/* sections.c — the heading tree, from heading ranks.
 *
 * Ranks come from the numbering style (第一部分 0, 一、 1, （一） 2, 1. 3, （1） 4, ① 5), and
 * a heading nests under the nearest open heading of a smaller rank, so a report that skips a
 * level (一、 then 1.) still nests.  The level written out is the depth in the tree.  Body text
 * before the first heading lives in an untitled section of its own.
 */
#include "stages.h"

void
fr_stage_sections (FrAnalysis *an)
{
  FrSection *root = fr_section_new (NULL, NULL);
  FrSection *cur = root;
  FrSection *preamble = NULL;
  an->root = root;

  for (guint i = 0; i < an->blocks->len; i++) {
    FrBlock *b = g_ptr_array_index (an->blocks, i);
    switch (b->kind) {
    case FR_BLOCK_HEADING: {
      FrSection *parent = cur;
      while (parent != root && parent->heading != NULL && parent->heading->rank >= b->rank)
        parent = parent->parent;
      if (parent == preamble)
        parent = root;
      cur = fr_section_new (b, parent);
      break;
    }
    case FR_BLOCK_PARAGRAPH:
      if (cur == root) {
        if (preamble == NULL)
          preamble = fr_section_new (NULL, root);
        cur = preamble;
      }
      g_ptr_array_add (cur->paragraphs, b);
      break;
    case FR_BLOCK_TITLE:
    case FR_BLOCK_TABLE:
    default:
      break;
    }
  }
}
