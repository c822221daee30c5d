/* show-html.c — `finrep show --html OUT FILE`: one self-contained page to spot-check a file.
 *
 * Each page image (show-image.c, as a data URI) carries boxes for what finrep found, placed
 * in percentages of the page so they stay on their text at any zoom and in print.  Beside the
 * pages, the record links each value to its box.  The page needs no network: styles and the
 * small script are inline, and a Content-Security-Policy forbids anything else.
 */
#include <math.h>
#include <string.h>

#include "show.h"

#define PAGE_DPI 90.0

typedef enum { K_PARAGRAPH, K_HEADING, K_CELL, K_FURNITURE, K_FIX, K_N } Kind;
static const char *const kind_names[K_N] = { "paragraph", "heading", "cell", "furniture", "fix" };
static const char *const kind_labels[K_N] = { "paragraphs", "headings and title", "table cells",
                                              "removed furniture", "rewritten characters" };

typedef struct {
  GString *h;
  const FrResult *res;
  const FrAnalysis *an;
  const FrDocument *doc;
  GPtrArray *page_boxes;    /* per page: GString of box elements */
  guint counts[K_N];
} Html;

/* ---- small writers ------------------------------------------------------------------------ */

static void
esc (GString *o, const char *s)
{
  g_autofree char *e = g_markup_escape_text (s ? s : "", -1);
  g_string_append (o, e);
}

/* At most n characters of s, with … when cut. */
static char *
cut (const char *s, glong n)
{
  if (s == NULL)
    return g_strdup ("");
  if (g_utf8_strlen (s, -1) <= n)
    return g_strdup (s);
  g_autofree char *head = g_utf8_substring (s, 0, n);
  return g_strconcat (head, "…", NULL);
}

static char *
block_id (guint block, guint page, gboolean first)
{
  return first ? g_strdup_printf ("b%u", block) : g_strdup_printf ("b%up%u", block, page + 1);
}

/* A table stage may keep cells that ended outside the grid (a repeated header dropped on a
 * continuation page): they have no row, and no box is drawn for them. */
static gboolean
in_grid (const FrCell *c)
{
  return c->row != G_MAXUINT && c->col != G_MAXUINT;
}

static gboolean
covers_row (const FrCell *c, guint row)
{
  return in_grid (c) && row >= c->row && row - c->row < MAX (c->row_span, 1u);
}

static char *
cell_id (guint table, guint cell)
{
  return g_strdup_printf ("t%uc%u", table + 1, cell);
}

/* A link from the record to a box; plain text when there is nowhere to go. */
static void
ref (GString *o, const char *id, const char *text, const char *title)
{
  if (id == NULL) {
    esc (o, text);
    return;
  }
  g_string_append_printf (o, "<a class=\"ref\" href=\"#%s\"", id);
  if (title) {
    g_string_append (o, " title=\"");
    esc (o, title);
    g_string_append_c (o, '"');
  }
  g_string_append_c (o, '>');
  esc (o, text);
  g_string_append (o, "</a>");
}

/* ---- boxes -------------------------------------------------------------------------------- */

typedef struct {
  Kind kind;
  const char *id;
  const char *head;     /* "paragraph · p.3" */
  const char *text;     /* what finrep read there */
  const char *rule;
  const char *why;
  const char *attrs;    /* more attributes, or NULL */
} Box;

static void
add_box (Html *x, guint page, FrBox b, const Box *bx)
{
  if (page >= x->page_boxes->len)
    return;
  const FrPage *pg = g_ptr_array_index (x->doc->pages, page);
  if (pg->width <= 0 || pg->height <= 0)
    return;
  /* one point of air so the outline does not cover the glyphs it frames */
  const float pad = 1.0f;
  double l = (b.x0 - pad) / pg->width * 100, t = (b.y0 - pad) / pg->height * 100;
  double w = (b.x1 - b.x0 + 2 * pad) / pg->width * 100, h = (b.y1 - b.y0 + 2 * pad) / pg->height * 100;
  l = CLAMP (l, 0, 100);
  t = CLAMP (t, 0, 100);
  w = CLAMP (w, 0.2, 100 - l);
  h = CLAMP (h, 0.2, 100 - t);
  GString *o = g_ptr_array_index (x->page_boxes, page);
  g_autofree char *label = cut (bx->text, 60);
  g_string_append_printf (o, "<a class=\"box\" id=\"%s\" href=\"#%s\" data-kind=\"%s\" data-rule=\"",
                          bx->id, bx->id, kind_names[bx->kind]);
  esc (o, bx->rule);
  g_string_append_printf (o, "\" style=\"left:%.3f%%;top:%.3f%%;width:%.3f%%;height:%.3f%%\"", l, t, w, h);
  if (bx->attrs)
    g_string_append_printf (o, " %s", bx->attrs);
  g_string_append (o, " aria-label=\"");
  esc (o, kind_names[bx->kind]);
  g_string_append (o, ": ");
  esc (o, label);
  g_string_append_printf (o, "\" aria-describedby=\"tip-%s\">", bx->id);
  /* the tip opens below the box, or above it near the foot of the page, and leans left on
   * the right half so it stays on screen */
  g_string_append_printf (o, "<span class=\"tip%s%s\" role=\"tooltip\" id=\"tip-%s\"><b>", l + w / 2 > 55 ? " r" : "",
                          t + h > 72 ? " u" : "", bx->id);
  esc (o, bx->head);
  g_string_append (o, "</b><span class=\"t\">");
  g_autofree char *text = cut (bx->text, 400);
  esc (o, text);
  g_string_append (o, "</span><span class=\"why\">rule <code>");
  esc (o, bx->rule);
  g_string_append (o, "</code>");
  if (bx->why) {
    g_string_append (o, ": ");
    esc (o, bx->why);
  }
  g_string_append (o, "</span></span></a>\n");
  x->counts[bx->kind]++;
}

static void
boxes_for_block (Html *x, guint bi, const FrBlock *b)
{
  Kind kind = b->kind == FR_BLOCK_PARAGRAPH ? K_PARAGRAPH : K_HEADING;
  const char *rule = fr_explain_block_rule (b);
  g_autofree char *text = b->kind == FR_BLOCK_HEADING ? fr_heading_display (b) : g_strdup (b->text);
  /* one box per page the block lies on, each the union of its lines there */
  guint first = b->page, last = MAX (b->last_page, b->page);
  for (guint p = first; p <= last; p++) {
    FrBox u = FR_BOX_EMPTY;
    for (guint i = 0; i < b->lines->len; i++) {
      const FrLine *l = g_ptr_array_index (b->lines, i);
      if (l->page == p && l->x1 > l->x0)
        fr_box_add (&u, fr_line_box (l));
    }
    if (u.x1 < u.x0) {
      if (p != first)
        continue;
      u = b->box;   /* the record's box is the one a link must reach */
    }
    g_autofree char *id = block_id (bi, p, p == first);
    g_autofree char *head = g_strdup_printf ("%s · p.%u%s", fr_explain_block_kind (b), p + 1,
                                             p > first ? " (continued)" : last > p ? " (continues)" : "");
    g_autofree char *attrs = b->kind == FR_BLOCK_TITLE ? g_strdup ("data-block=\"title\"") : NULL;
    Box bx = { kind, id, head, text, rule, fr_explain_rule_why (rule), attrs };
    add_box (x, p, u, &bx);
  }
}

/* The rule of the first failing check that compared cell ci of t, or NULL. */
static const char *
failing_rule (const FrAnalysis *an, const FrTable *t, guint ci)
{
  for (guint k = 0; k < an->checks->len; k++) {
    const FrCheck *chk = g_ptr_array_index (an->checks, k);
    for (guint i = 0; !chk->pass && chk->cells && i < chk->cells->len; i++) {
      const FrCellRef *r = &g_array_index (chk->cells, FrCellRef, i);
      if (r->table == t && r->cell == ci)
        return chk->rule;
    }
  }
  return NULL;
}

static void
boxes_for_table (Html *x, guint ti, const FrTable *t)
{
  for (guint ci = 0; ci < t->cells->len; ci++) {
    const FrCell *c = &g_array_index (t->cells, FrCell, ci);
    if (!in_grid (c))
      continue;
    const char *fail = failing_rule (x->an, t, ci);
    g_autofree char *id = cell_id (ti, ci);
    guint rs = MAX (c->row_span, 1u), cs = MAX (c->col_span, 1u);
    g_autofree char *head = g_strdup_printf ("cell · table %u · row %u%s · column %u%s%s", ti + 1,
                                             c->row + 1, rs > 1 ? "+" : "", c->col + 1, cs > 1 ? "+" : "",
                                             c->row < t->n_header_rows ? " · header" : "");
    g_autofree char *attrs = g_strdup_printf ("data-table=\"%u\" data-row=\"%u\" data-col=\"%u\" "
                                              "data-rowspan=\"%u\" data-colspan=\"%u\"%s%s%s",
                                              ti + 1, c->row, c->col, rs, cs,
                                              fail ? " data-fail=\"" : "", fail ? fail : "", fail ? "\"" : "");
    const char *rule = t->method ? t->method : "table_region";
    Box bx = { K_CELL, id, head, c->text, rule, fr_explain_rule_why (rule), attrs };
    add_box (x, c->page, c->box, &bx);
  }
}

/* The line a change was made on: the change keeps the line's page and box. */
static const FrLine *
line_of_fix (const FrDocument *doc, const FrFix *f)
{
  if (f->page >= doc->pages->len)
    return NULL;
  const FrPage *pg = g_ptr_array_index (doc->pages, f->page);
  for (guint i = 0; i < pg->lines->len; i++) {
    const FrLine *l = g_ptr_array_index (pg->lines, i);
    if (fabsf (l->x0 - f->box.x0) < 0.01f && fabsf (l->y0 - f->box.y0) < 0.01f
        && fabsf (l->x1 - f->box.x1) < 0.01f && fabsf (l->y1 - f->box.y1) < 0.01f)
      return l;
  }
  return NULL;
}

static FrBox
glyph_union (const FrLine *l, guint from, guint to)
{
  FrBox u = FR_BOX_EMPTY;
  for (guint i = from; i <= to && i < l->glyphs->len; i++) {
    const FrGlyph *g = &g_array_index (l->glyphs, FrGlyph, i);
    if (g->x1 > g->x0)
      fr_box_add (&u, fr_glyph_box (g));
  }
  return u;
}

/* The glyphs a character fix changed, as runs of glyph indices of the line after the fix.
 * Characters are mapped one for one and spaces only dropped, so walking both texts side by
 * side finds them; a dropped space marks the two glyphs around it.  NULL when the two texts
 * do not line up that way (then the whole line is the box). */
static GArray *
changed_glyphs (const FrFix *f, const FrLine *l)
{
  if (g_strcmp0 (l->text, f->after) != 0)
    return NULL;
  glong nb, na;
  g_autofree gunichar *b = g_utf8_to_ucs4_fast (f->before ? f->before : "", -1, &nb);
  g_autofree gunichar *a = g_utf8_to_ucs4_fast (f->after, -1, &na);
  if ((glong) l->glyphs->len != na)
    return NULL;
  g_autofree gboolean *mark = g_new0 (gboolean, na + 1);
  glong i = 0, j = 0;
  while (i < nb) {
    if (j < na && b[i] == a[j]) {
      i++, j++;
    } else if (b[i] == ' ' || b[i] == 0x3000) {
      if (j > 0)
        mark[j - 1] = TRUE;
      if (j < na)
        mark[j] = TRUE;
      i++;
    } else if (j < na) {
      mark[j] = TRUE;
      i++, j++;
    } else {
      return NULL;
    }
  }
  if (j != na)
    return NULL;
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  for (glong k = 0; k < na; k++) {
    if (!mark[k])
      continue;
    guint run[2] = { (guint) k, (guint) k };
    while (k + 1 < na && mark[k + 1])
      run[1] = (guint) ++k;
    g_array_append_val (runs, run);
  }
  return runs;
}

static void
boxes_for_fix (Html *x, guint fi, const FrFix *f)
{
  gboolean furniture = fr_explain_fix_is_furniture (f);
  const char *rule = fr_explain_fix_rule (f);
  g_autofree char *b = NULL, *a = NULL;
  fr_explain_fix_excerpt (f, &b, &a);
  g_autofree char *text = furniture ? g_strdup_printf ("“%s” removed", f->before ? f->before : "")
                                    : g_strdup_printf ("“%s” → “%s”", b, a);
  g_autofree char *head = g_strdup_printf ("%s · p.%u", furniture ? "furniture" : "rewritten",
                                           f->page + 1);
  const FrLine *line = furniture ? NULL : line_of_fix (x->doc, f);
  g_autoptr (GArray) runs = line ? changed_glyphs (f, line) : NULL;
  if (runs == NULL || runs->len == 0) {
    g_autofree char *id = g_strdup_printf ("x%u", fi);
    Box bx = { furniture ? K_FURNITURE : K_FIX, id, head, text, rule, fr_explain_fix_why (f), NULL };
    add_box (x, f->page, f->box, &bx);
    return;
  }
  for (guint r = 0; r < runs->len; r++) {
    const guint *run = &g_array_index (runs, guint, (gsize) 2 * r);
    FrBox u = glyph_union (line, run[0], run[1]);
    if (u.x1 < u.x0)
      u = f->box;
    g_autofree char *id = r == 0 ? g_strdup_printf ("x%u", fi) : g_strdup_printf ("x%us%u", fi, r);
    Box bx = { K_FIX, id, head, text, rule, fr_explain_fix_why (f), NULL };
    add_box (x, f->page, u, &bx);
  }
}

/* ---- finding the box behind a value ------------------------------------------------------ */

static gboolean
same_text (const char *a, const char *b)
{
  g_autofree char *x = g_strdup (a ? a : ""), *y = g_strdup (b ? b : "");
  return strcmp (g_strstrip (x), g_strstrip (y)) == 0 && *x;
}

static char *
first_block_with (const FrAnalysis *an, const char *needle, const char *also)
{
  if (needle == NULL || *needle == '\0')
    return NULL;
  for (guint i = 0; i < an->blocks->len; i++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->kind == FR_BLOCK_TABLE || b->text == NULL)
      continue;
    if (strstr (b->text, needle) && (also == NULL || strstr (b->text, also)))
      return block_id (i, b->page, TRUE);
  }
  return NULL;
}

/* The box behind a figure: the cell of its page that its box overlaps most, else the
 * paragraph it was read from; NULL when its place is not known or the page has no geometry. */
static char *
figure_id (const FrAnalysis *an, const FrFigure *f)
{
  if (!f->has || !f->has_where || !an->doc->has_geometry)
    return NULL;
  float best = 0;
  char *id = NULL;
  for (guint ti = 0; ti < an->tables->len; ti++) {
    const FrTable *t = g_ptr_array_index (an->tables, ti);
    for (guint ci = 0; ci < t->cells->len; ci++) {
      const FrCell *c = &g_array_index (t->cells, FrCell, ci);
      float ov = c->page == f->page && in_grid (c) ? fr_box_overlap_area (c->box, f->box) : 0;
      if (ov > best) {
        best = ov;
        g_free (id);
        id = cell_id (ti, ci);
      }
    }
  }
  for (guint i = 0; i < an->blocks->len && id == NULL; i++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->kind != FR_BLOCK_TABLE && b->page == f->page && fr_box_overlap_area (b->box, f->box) > 0)
      id = block_id (i, f->page, TRUE);
  }
  return id;
}

/* The cells of an indicator's row, and which of them holds a value. */
static char *
indicator_cell (const FrAnalysis *an, const FrIndicator *ind, const char *value)
{
  for (guint ti = 0; ti < an->tables->len && ind->table; ti++) {
    const FrTable *t = g_ptr_array_index (an->tables, ti);
    if (t != ind->table)
      continue;
    int first = -1, hit = -1;
    for (guint ci = 0; ci < t->cells->len; ci++) {
      const FrCell *c = &g_array_index (t->cells, FrCell, ci);
      if (!covers_row (c, ind->row))
        continue;
      if (first < 0)
        first = (int) ci;
      if (hit < 0 && value && same_text (c->text, value))
        hit = (int) ci;
    }
    if (hit >= 0 || first >= 0)
      return cell_id (ti, (guint) (hit >= 0 ? hit : first));
  }
  /* no table: the cell on the indicator's page that holds the value */
  for (guint ti = 0; ti < an->tables->len && value; ti++) {
    const FrTable *t = g_ptr_array_index (an->tables, ti);
    for (guint ci = 0; ci < t->cells->len; ci++) {
      const FrCell *c = &g_array_index (t->cells, FrCell, ci);
      if (in_grid (c) && c->page == ind->page && same_text (c->text, value) && fr_box_overlap_area (c->box, ind->box) > 0)
        return cell_id (ti, ci);
    }
  }
  return NULL;
}

/* The cells a check is about: the table row whose cell reads the check's subject (on the
 * check's page, when it knows its page), else the paragraph that names the subject.  Adds
 * (id, label) pairs. */
static void
check_targets (const FrAnalysis *an, const FrCheck *chk, GPtrArray *ids, GPtrArray *labels)
{
  /* the cells the check itself names (a budget check: the figures it compared) */
  for (guint i = 0; chk->cells && i < chk->cells->len; i++) {
    const FrCellRef *r = &g_array_index (chk->cells, FrCellRef, i);
    for (guint ti = 0; ti < an->tables->len; ti++)
      if (g_ptr_array_index (an->tables, ti) == r->table) {
        g_ptr_array_add (ids, cell_id (ti, r->cell));
        g_ptr_array_add (labels, g_strdup (g_array_index (r->table->cells, FrCell, r->cell).text));
      }
  }
  if (ids->len)
    return;
  const char *subject = chk->subject;
  for (guint ti = 0; ti < an->tables->len && subject; ti++) {
    const FrTable *t = g_ptr_array_index (an->tables, ti);
    for (guint ci = 0; ci < t->cells->len; ci++) {
      const FrCell *s = &g_array_index (t->cells, FrCell, ci);
      if (!in_grid (s) || !same_text (s->text, subject) || (chk->has_page && s->page != chk->page))
        continue;
      /* the whole row: name, target, actual, rate … are what the check re-did */
      for (guint k = 0; k < t->cells->len; k++) {
        const FrCell *o = &g_array_index (t->cells, FrCell, k);
        if (o->page == s->page && covers_row (o, s->row) && o->col >= s->col) {
          g_ptr_array_add (ids, cell_id (ti, k));
          g_ptr_array_add (labels, g_strdup (o->text));
        }
      }
      return;
    }
  }
  char *id = first_block_with (an, subject, NULL);
  if (id) {
    g_ptr_array_add (ids, id);
    g_ptr_array_add (labels, g_strdup ("paragraph"));
  }
}

/* ---- the record, beside the pages ------------------------------------------------------- */

static void
dl_row (GString *o, const char *term, const char *id, const char *value, const char *title)
{
  g_string_append (o, "<dt>");
  esc (o, term);
  g_string_append (o, "</dt><dd>");
  if (value)
    ref (o, id, value, title);
  else
    g_string_append (o, "<span class=\"none\">—</span>");
  g_string_append (o, "</dd>\n");
}

/* The first title block on a page (a merged file has one title per part). */
static char *
title_id (const FrAnalysis *an, guint page)
{
  for (guint i = 0; i < an->blocks->len; i++) {
    const FrBlock *b = g_ptr_array_index (an->blocks, i);
    if (b->kind == FR_BLOCK_TITLE && b->page == page)
      return block_id (i, b->page, TRUE);
  }
  return NULL;
}

static void
record_report (Html *x, GString *o)
{
  const FrAnalysis *an = x->an;
  const FrReport *rep = fr_analysis_report (an);
  g_autofree char *tid = rep ? title_id (an, rep->page) : NULL;
  const char *from = "read from the title page";
  g_string_append (o, "<section aria-labelledby=\"r-report\"><h2 id=\"r-report\">Report</h2><dl>\n");
  dl_row (o, "title", tid, rep ? rep->title : NULL, from);
  dl_row (o, "kind", tid, rep ? rep->kind : NULL, from);
  g_autofree char *year = rep && rep->year ? g_strdup_printf ("%d", rep->year) : NULL;
  dl_row (o, "year", tid, year, from);
  dl_row (o, "organization", tid, rep ? rep->organization : NULL, from);
  g_autofree char *score = an->has_self_score ? fr_explain_number (an->self_score) : NULL;
  g_autofree char *score_at = NULL;
  if (score) {
    g_autofree char *needle = g_strconcat (score, "分", NULL);
    score_at = first_block_with (an, needle, NULL);
  }
  dl_row (o, "self-score", score_at, score, score_at ? "found by its text" : NULL);
  dl_row (o, "self-grade", NULL, an->self_grade, NULL);
  g_string_append (o, "</dl>\n");
  /* a file that binds several reports together: each part from its own title page */
  if (an->parts->len > 1) {
    g_string_append_printf (o, "<h3>%u reports in this file</h3><ol>\n", an->parts->len);
    for (guint i = 0; i < an->parts->len; i++) {
      const FrReport *p = &g_array_index (an->parts, FrReport, i);
      g_autofree char *id = title_id (an, p->page);
      g_string_append (o, "<li>");
      ref (o, id, p->title ? p->title : "(no title)", NULL);
      g_string_append_printf (o, " <span class=\"dim\">p.%u</span></li>\n", p->page + 1);
    }
    g_string_append (o, "</ol>\n");
  }
  g_string_append (o, "</section>\n");
}

static void
outline_items (GString *o, const FrAnalysis *an, const FrSection *s)
{
  if (s->children->len == 0)
    return;
  g_string_append (o, "<ol>");
  for (guint i = 0; i < s->children->len; i++) {
    const FrSection *c = g_ptr_array_index (s->children, i);
    g_string_append (o, "<li>");
    if (c->heading) {
      guint bi = 0;
      while (bi < an->blocks->len && g_ptr_array_index (an->blocks, bi) != c->heading)
        bi++;
      g_autofree char *id = bi < an->blocks->len ? block_id (bi, c->heading->page, TRUE) : NULL;
      g_autofree char *h = fr_heading_display (c->heading);
      ref (o, id, h, NULL);
    } else {
      g_string_append (o, "<span class=\"none\">(before the first heading)</span>");
    }
    g_string_append_printf (o, " <span class=\"dim\">p.%u · %u ¶</span>",
                            (c->heading ? c->heading->page
                             : c->paragraphs->len ? ((FrBlock *) g_ptr_array_index (c->paragraphs, 0))->page : 0) + 1,
                            c->paragraphs->len);
    outline_items (o, an, c);
    g_string_append (o, "</li>");
  }
  g_string_append (o, "</ol>\n");
}

/* The first cell of a unit's first row: where its table starts on the page. */
static char *
evaluation_cell (const FrEvaluation *ev)
{
  const FrTable *t = ev->table_ref;
  for (guint ci = 0; t && ci < t->cells->len; ci++)
    if (covers_row (&g_array_index (t->cells, FrCell, ci), ev->row0))
      return cell_id (ev->table, ci);
  return NULL;
}

/* One row a 绩效自评表, its name linked to its table on the page. */
static void
record_evaluations (Html *x, GString *o)
{
  const FrAnalysis *an = x->an;
  g_string_append_printf (o, "<section aria-labelledby=\"r-eval\"><h2 id=\"r-eval\">Evaluations (%u)</h2>\n",
                          an->evaluations->len);
  if (an->evaluations->len == 0) {
    g_string_append (o, "<p class=\"none\">No 绩效自评表 in this file.</p></section>\n");
    return;
  }
  g_string_append (o, "<table class=\"rec\"><thead><tr><th scope=\"col\">project</th>"
                      "<th scope=\"col\">executed/budget</th><th scope=\"col\">rate</th>"
                      "<th scope=\"col\">score</th><th scope=\"col\">failing</th></tr></thead><tbody>\n");
  for (guint i = 0; i < an->evaluations->len; i++) {
    const FrEvaluation *ev = g_ptr_array_index (an->evaluations, i);
    const FrFunds *f = ev->funds;
    const char *label = fr_evaluation_label (ev);
    g_autofree char *id = evaluation_cell (ev);
    g_autofree char *where = g_strdup_printf ("page %u", ev->page + 1);
    g_string_append (o, "<tr><th scope=\"row\">");
    ref (o, id, label, where);
    g_autofree char *e = f && f->total.has_executed ? fr_explain_number (f->total.executed) : g_strdup ("—");
    g_autofree char *b = f && f->total.has_full_year_budget ? fr_explain_number (f->total.full_year_budget)
                                                              : g_strdup ("—");
    g_autofree char *r = f && f->has_execution_rate ? fr_explain_number (f->execution_rate) : NULL;
    g_autofree char *sc = ev->has_total_score ? fr_explain_number (ev->total_score) : g_strdup ("—");
    g_string_append_printf (o, "</th><td>%s/%s</td><td>%s%s</td><td>%s</td><td>", e, b, r ? r : "—",
                            r ? "%" : "", sc);
    for (guint k = 0, n = 0; k < an->checks->len; k++) {
      const FrCheck *c = g_ptr_array_index (an->checks, k);
      if (!c->pass && g_strcmp0 (c->subject, label) == 0) {
        g_string_append (o, n++ ? ", " : "");
        esc (o, c->rule);
      }
    }
    g_string_append (o, "</td></tr>\n");
  }
  g_string_append (o, "</tbody></table></section>\n");
}

static void
record_indicators (Html *x, GString *o)
{
  const FrAnalysis *an = x->an;
  g_string_append_printf (o, "<section aria-labelledby=\"r-ind\"><h2 id=\"r-ind\">Indicators (%u)</h2>\n",
                          an->indicators->len);
  if (an->indicators->len == 0) {
    g_string_append (o, "<p class=\"none\">No indicator table was recognised.</p></section>\n");
    return;
  }
  g_string_append (o, "<table class=\"rec\"><thead><tr><th scope=\"col\">indicator</th>"
                      "<th scope=\"col\">target</th><th scope=\"col\">actual</th>"
                      "<th scope=\"col\">rate</th><th scope=\"col\">score</th></tr></thead><tbody>\n");
  g_autofree char *prev = NULL;
  for (guint i = 0; i < an->indicators->len; i++) {
    const FrIndicator *ind = g_ptr_array_index (an->indicators, i);
    g_autoptr (GString) cat = g_string_new (NULL);
    for (guint k = 0; ind->category && k < ind->category->len; k++)
      g_string_append_printf (cat, "%s%s", k ? " › " : "", (char *) g_ptr_array_index (ind->category, k));
    if (cat->len && g_strcmp0 (prev, cat->str) != 0) {
      g_string_append (o, "<tr class=\"cat\"><th colspan=\"5\" scope=\"rowgroup\">");
      esc (o, cat->str);
      g_string_append (o, "</th></tr>\n");
      g_free (prev);
      prev = g_strdup (cat->str);
    }
    const char *vals[] = { ind->name, ind->target, ind->actual, ind->rate, ind->score_text };
    g_string_append (o, "<tr>");
    for (guint k = 0; k < G_N_ELEMENTS (vals); k++) {
      g_string_append (o, k == 0 ? "<th scope=\"row\">" : "<td>");
      g_autofree char *num = k == 4 && !vals[k] && ind->has_score ? fr_explain_number (ind->score) : NULL;
      const char *v = vals[k] ? vals[k] : num;
      if (v) {
        g_autofree char *id = indicator_cell (an, ind, v);
        ref (o, id, v, NULL);
      }
      g_string_append (o, k == 0 ? "</th>" : "</td>");
    }
    g_string_append (o, "</tr>\n");
  }
  g_string_append (o, "</tbody></table></section>\n");
}

static void
finance_part (Html *x, GString *o, FrFinanceSideId side)
{
  const FrAnalysis *an = x->an;
  const FrFinanceSide *p = &an->finance->sides[side];
  g_string_append_printf (o, "<h3>%s</h3><dl>\n", fr_finance_side_name (side));
  const FrFigure *figures[] = { &p->total, &p->current };
  for (guint k = 0; k < G_N_ELEMENTS (figures); k++) {
    g_autofree char *val = figures[k]->has ? fr_explain_number (figures[k]->value) : NULL;
    g_autofree char *id = figure_id (an, figures[k]);
    dl_row (o, k == 0 ? "total" : "current year", id, val, "where it was read");
  }
  g_string_append (o, "</dl>\n");
  if (p->items->len == 0)
    return;
  g_string_append (o, "<table class=\"rec\"><thead><tr><th scope=\"col\">item</th>"
                      "<th scope=\"col\" class=\"num\">amount</th><th scope=\"col\">change</th></tr></thead><tbody>\n");
  for (guint i = 0; i < p->items->len; i++) {
    const FrFinanceItem *it = g_ptr_array_index (p->items, i);
    g_autofree char *id = figure_id (an, &it->amount);
    g_autofree char *a = fr_explain_number (it->amount.value);
    g_string_append (o, "<tr><th scope=\"row\">");
    ref (o, id, it->name, NULL);
    g_string_append (o, "</th><td class=\"num\">");
    ref (o, id, a, NULL);
    g_string_append (o, "</td><td>");
    g_autofree char *change = fr_explain_change (it);
    g_autofree char *cid = it->change.has ? figure_id (an, &it->change) : NULL;
    ref (o, cid, change, NULL);
    g_string_append (o, "</td></tr>\n");
  }
  g_string_append (o, "</tbody></table>\n");
}

static void
record_finance (Html *x, GString *o)
{
  const FrFinance *f = x->an->finance;
  g_string_append (o, "<section aria-labelledby=\"r-fin\"><h2 id=\"r-fin\">Income and expenditure");
  if (f)
    g_string_append (o, " <span class=\"dim\">(万元)</span>");
  g_string_append (o, "</h2>\n");
  for (guint k = 0; f && k < FR_N_SIDES; k++)
    finance_part (x, o, k);
  if (f == NULL)
    g_string_append (o, "<p class=\"none\">None found.</p>\n");
  g_string_append (o, "</section>\n");
}

static void
record_points (Html *x, GString *o, const char *id, const char *title, const GPtrArray *list)
{
  if (list->len == 0)
    return;
  g_string_append_printf (o, "<section aria-labelledby=\"r-%s\"><h2 id=\"r-%s\">%s</h2><ol>\n", id, id, title);
  for (guint i = 0; i < list->len; i++) {
    const char *s = g_ptr_array_index (list, i);
    /* the point's opening words, found in the paragraph it was taken from */
    g_autofree char *head = g_utf8_substring (s, 0, MIN (g_utf8_strlen (s, -1), 12));
    g_autofree char *at = first_block_with (x->an, head, NULL);
    g_string_append (o, "<li>");
    ref (o, at, s, NULL);
    g_string_append (o, "</li>\n");
  }
  g_string_append (o, "</ol></section>\n");
}

static void
record_checks (Html *x, GString *o)
{
  const GPtrArray *list = x->an->checks;
  guint n = list->len, fails = 0;
  for (guint i = 0; i < n; i++)
    fails += !((const FrCheck *) g_ptr_array_index (list, i))->pass;
  g_string_append_printf (o, "<section aria-labelledby=\"r-chk\"><h2 id=\"r-chk\">Checks (%u, %u failing)</h2>\n",
                          n, fails);
  if (n == 0) {
    g_string_append (o, "<p class=\"none\">No arithmetic in the report could be re-done.</p></section>\n");
    return;
  }
  g_string_append (o, "<ul class=\"checks\">\n");
  for (guint i = 0; i < n; i++) {
    const FrCheck *c = g_ptr_array_index (list, i);
    gboolean fail = !c->pass;
    g_string_append_printf (o, "<li class=\"%s\"><span class=\"mark\" aria-label=\"%s\">%s</span> ",
                            fail ? "fail" : "pass", fail ? "fails" : "passes", fail ? "✗" : "✓");
    g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    check_targets (x->an, c, ids, labels);
    g_string_append (o, "<b>");
    ref (o, ids->len ? g_ptr_array_index (ids, 0) : NULL, c->subject, NULL);
    g_string_append (o, "</b> <code>");
    esc (o, c->rule);
    g_string_append (o, "</code>");
    if (c->has_page)
      g_string_append_printf (o, " <span class=\"dim\">p.%u</span>", c->page + 1);
    g_string_append (o, "<br>");
    esc (o, c->message);
    if (fail && ids->len > 0) {
      g_string_append (o, "<br><span class=\"dim\">cells:</span> ");
      for (guint k = 0; k < ids->len; k++) {
        if (k)
          g_string_append (o, " · ");
        ref (o, g_ptr_array_index (ids, k), g_ptr_array_index (labels, k), "the cell this check re-did");
      }
    }
    g_string_append (o, "</li>\n");
  }
  g_string_append (o, "</ul></section>\n");
}

static void
record_changes (Html *x, GString *o)
{
  const FrAnalysis *an = x->an;
  guint furn = 0;
  for (guint i = 0; i < an->fixes->len; i++)
    furn += fr_explain_fix_is_furniture (&g_array_index (an->fixes, FrFix, i));
  g_string_append_printf (o, "<section aria-labelledby=\"r-fix\"><h2 id=\"r-fix\">Changes</h2>"
                             "<details><summary>%u furniture line%s set aside, %u line%s rewritten</summary><ul>\n",
                          furn, furn == 1 ? "" : "s", an->fixes->len - furn, an->fixes->len - furn == 1 ? "" : "s");
  for (guint i = 0; i < an->fixes->len; i++) {
    const FrFix *f = &g_array_index (an->fixes, FrFix, i);
    g_autofree char *b = NULL, *a = NULL;
    fr_explain_fix_excerpt (f, &b, &a);
    g_autofree char *id = g_strdup_printf ("x%u", i);
    g_autofree char *text = fr_explain_fix_is_furniture (f) ? g_strdup_printf ("“%s”", b)
                                                         : g_strdup_printf ("“%s” → “%s”", b, a);
    g_string_append_printf (o, "<li>p.%u ", f->page + 1);
    ref (o, x->doc->has_geometry ? id : NULL, text, NULL);
    g_string_append (o, " <code>");
    esc (o, fr_explain_fix_rule (f));
    g_string_append (o, "</code></li>\n");
  }
  g_string_append (o, "</ul></details></section>\n");
}

static void
record_warnings (Html *x, GString *o)
{
  const GPtrArray *w = x->an->warnings;
  g_string_append_printf (o, "<section aria-labelledby=\"r-warn\"><h2 id=\"r-warn\">Warnings (%u)</h2>\n", w->len);
  if (w->len == 0)
    g_string_append (o, "<p class=\"none\">None.</p>\n");
  else {
    g_string_append (o, "<ul class=\"warn\">\n");
    for (guint i = 0; i < w->len; i++) {
      g_string_append (o, "<li>");
      esc (o, g_ptr_array_index (w, i));
      g_string_append (o, "</li>\n");
    }
    g_string_append (o, "</ul>\n");
  }
  g_string_append (o, "</section>\n");
}

/* ---- the page ------------------------------------------------------------------------------ */

static const char css[] =
  ":root{--paragraph:#1a62c7;--heading:#8a2fc4;--cell:#0a8a4a;--furniture:#d45f00;--fix:#d0221b;"
  "color-scheme:light}\n"
  "*{box-sizing:border-box}\n"
  "body{margin:0;font:14px/1.5 system-ui,'Noto Sans CJK SC','Noto Sans SC',sans-serif;color:#1b1b1b;"
  "background:#e6e8eb}\n"
  "a{color:#0b4fa8}\n"
  ".skip{position:absolute;left:-9999px}.skip:focus{left:.5rem;top:.5rem;z-index:100;background:#fff;"
  "padding:.3rem .6rem}\n"
  ".layout{display:grid;grid-template-columns:minmax(20rem,29rem) 1fr}\n"
  "#record{position:sticky;top:0;height:100vh;overflow:auto;background:#fff;padding:.8rem 1rem 2rem;"
  "border-right:1px solid #c8ccd1}\n"
  "#record h1{font-size:1.05rem;margin:.2rem 0 .4rem}#record h2{font-size:.95rem;margin:1.1rem 0 .3rem;"
  "border-bottom:1px solid #dde;padding-bottom:.1rem}#record h3{font-size:.85rem;margin:.6rem 0 .2rem}\n"
  ".outline ol{list-style:none;padding-left:1rem;margin:.1rem 0}.outline>ol{padding-left:0}\n"
  "#record ol:not(.outline ol){padding-left:1.4rem}.rec .num{text-align:right}\n"
  ".sha{font-family:monospace;font-size:.8rem;word-break:break-all}\n"
  ".only{margin:.2rem 0 .6rem}\n"
  "dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem .8rem;margin:0}dt{color:#555}dd{margin:0}\n"
  ".dim,.none{color:#666}.none{font-style:italic}\n"
  "table.rec{border-collapse:collapse;width:100%;font-size:.85rem}.rec th,.rec td{border-bottom:1px solid #e3e5e8;"
  "padding:.1rem .3rem;text-align:left;vertical-align:top}.rec thead th{color:#555;font-weight:600}"
  ".rec tr.cat th{background:#f1f3f5;font-weight:600;color:#333}\n"
  "ul.checks{list-style:none;padding:0}.checks li{margin:.3rem 0;padding-left:1.4rem;text-indent:-1.4rem}"
  ".mark{display:inline-block;width:1.2rem;text-indent:0;font-weight:700}.pass .mark{color:#0a7a3a}"
  ".fail .mark{color:#c0191a}.fail{background:#fff2f1}\n"
  ".warn li{color:#7a4a00}\n"
  "main{padding:.8rem 1.2rem 3rem;min-width:0}\n"
  ".bar{position:sticky;top:0;z-index:50;background:#e6e8eb;padding:.4rem 0;display:flex;flex-wrap:wrap;"
  "gap:.3rem 1rem;align-items:center;font-size:.85rem}\n"
  ".bar label{display:inline-flex;gap:.3rem;align-items:center;cursor:pointer}\n"
  ".sw{display:inline-block;width:.9rem;height:.9rem;border:2px solid var(--c);background:var(--f)}\n"
  ".keys{color:#555}\nkbd{border:1px solid #aaa;border-radius:3px;padding:0 .25rem;background:#fff;font-size:.8rem}\n"
  ".page{max-width:920px;margin:0 auto 1.6rem}.page h2{font-size:.9rem;margin:.4rem 0;color:#333}\n"
  ".page h2:focus{outline:2px solid #0b4fa8}\n"
  ".sheet{position:relative;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.3)}\n"
  ".sheet img{display:block;width:100%;height:100%}\n"
  ".box{position:absolute;display:block;border:1px solid var(--c);background:var(--f);color:inherit}\n"
  "[data-kind=paragraph]{--c:var(--paragraph);--f:rgba(26,98,199,.06)}\n"
  "[data-kind=heading]{--c:var(--heading);--f:rgba(138,47,196,.10)}\n"
  ".box[data-kind=heading]{border-width:2px}\n"
  "[data-kind=cell]{--c:var(--cell);--f:rgba(10,138,74,.10)}\n"
  "[data-kind=furniture]{--c:var(--furniture);--f:rgba(212,95,0,.18)}\n"
  ".box[data-kind=furniture]{border-style:dashed;border-width:2px}\n"
  "[data-kind=fix]{--c:var(--fix);--f:rgba(208,34,27,.12)}\n"
  ".box[data-kind=fix]{border-style:dotted;border-width:2px}\n"
  ".box[data-fail]{border:2px solid #c0191a;background:rgba(192,25,26,.18)}\n"
  ".box:hover,.box:focus{outline:3px solid var(--c);outline-offset:1px;z-index:20}\n"
  ".box:target,.box.flash{outline:4px solid #f5b400;outline-offset:2px;z-index:20}\n"
  ".tip{display:none;position:absolute;top:calc(100% + 5px);left:0;width:max-content;max-width:min(30rem,70vw);"
  "background:#1d2125;color:#fff;padding:.35rem .55rem;border-radius:4px;font-size:13px;line-height:1.45;"
  "z-index:30;pointer-events:none;box-shadow:0 2px 6px rgba(0,0,0,.35)}\n"
  ".tip.r{left:auto;right:0}.tip.u{top:auto;bottom:calc(100% + 5px)}\n"
  ".tip b{display:block;color:#ffd866;font-weight:600}.tip .t{display:block;margin:.15rem 0}"
  ".tip .why{display:block;color:#c9d1d9;font-size:12px}.tip code{color:#9fe6a0}\n"
  ".box:hover>.tip,.box:focus>.tip{display:block}\n"
  "body:has(#show-paragraph:not(:checked)) .box[data-kind=paragraph],"
  "body:has(#show-heading:not(:checked)) .box[data-kind=heading],"
  "body:has(#show-cell:not(:checked)) .box[data-kind=cell],"
  "body:has(#show-furniture:not(:checked)) .box[data-kind=furniture],"
  "body:has(#show-fix:not(:checked)) .box[data-kind=fix]{display:none}\n"
  ".textpage{background:#fff;padding:1rem 1.4rem;box-shadow:0 1px 4px rgba(0,0,0,.3)}\n"
  ".textpage .tb{border-left:3px solid var(--c);padding-left:.5rem;margin:.4rem 0;position:relative}\n"
  ".textpage .tb:focus>.tip,.textpage .tb:hover>.tip{display:block}\n"
  ".textpage table{border-collapse:collapse}.textpage td{border:1px solid #ccc;padding:.1rem .3rem}\n"
  ".error{background:#fff2f1;border:1px solid #c0191a;padding:1rem;max-width:50rem;margin:2rem auto}\n"
  "@media (max-width:900px){.layout{display:block}#record{position:static;height:auto}}\n"
  "@media print{body{background:#fff;font-size:10pt}.layout{display:block}"
  "#record{position:static;height:auto;overflow:visible;border:0;padding:0;break-after:page}"
  ".bar,.skip,.tip,.keys{display:none!important}main{padding:0}"
  ".page{max-width:none;margin:0;break-inside:avoid;break-after:page}"
  ".page h2{margin:0 0 2mm;font-size:9pt;break-after:avoid}"
  ".sheet{box-shadow:none;border:1px solid #999;width:min(100%,calc(235mm * var(--ar)));margin:0 auto;break-before:avoid}"
  ".box,.sw,.mark{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
  "a.ref{color:inherit;text-decoration:none}}\n"
  "@page{margin:10mm}\n";

/* Keyboard help: links jump to boxes and focus them; j/k step through pages; Escape goes back
 * to the record link last followed.  The page works without it, minus the focus moves. */
static const char script[] =
  "(function(){\n"
  "var last=null;\n"
  "function go(id){var el=document.getElementById(id);if(!el)return;"
  "el.scrollIntoView({block:'center'});el.focus({preventScroll:true});el.classList.add('flash');"
  "setTimeout(function(){el.classList.remove('flash');},1500);}\n"
  "document.addEventListener('click',function(e){var a=e.target.closest('a.ref');if(!a)return;"
  "e.preventDefault();last=a;var id=a.getAttribute('href').slice(1);"
  "history.replaceState(null,'','#'+id);go(id);});\n"
  "document.addEventListener('keydown',function(e){"
  "if(e.ctrlKey||e.metaKey||e.altKey)return;"
  "if(e.key==='Escape'){if(last){last.focus();}else{var r=document.getElementById('record');"
  "if(r)r.focus();}return;}"
  "if(e.key!=='j'&&e.key!=='k')return;"
  "var ps=[].slice.call(document.querySelectorAll('.page h2'));if(!ps.length)return;"
  "var cur=0;for(var i=0;i<ps.length;i++){if(ps[i].getBoundingClientRect().top<=60)cur=i;}"
  "var n=e.key==='j'?Math.min(cur+1,ps.length-1):Math.max(cur-(ps[cur].getBoundingClientRect().top<-5?0:1),0);"
  "ps[n].scrollIntoView({block:'start'});ps[n].focus({preventScroll:true});e.preventDefault();});\n"
  "var m=/[?&]page=(\\d+)/.exec(location.search);\n"
  "if(m){var keep=document.getElementById('page-'+m[1]);if(keep){"
  "[].forEach.call(document.querySelectorAll('.page'),function(p){if(p!==keep)p.hidden=true;});"
  "var a=document.createElement('p');a.className='only';"
  "a.textContent='Only page '+m[1]+' is shown. ';var l=document.createElement('a');"
  "l.href=location.pathname;l.textContent='Show every page';a.appendChild(l);"
  "keep.parentNode.insertBefore(a,keep);}}\n"
  "if(location.hash)go(location.hash.slice(1));\n"
  "document.body.setAttribute('data-ready','1');\n"
  "})();\n";

static void
head (GString *o, const char *title)
{
  g_string_append (o, "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
                      "<meta name=\"generator\" content=\"finrep " FINREP_VERSION "\">\n<title>");
  esc (o, title);
  g_string_append (o, " · finrep show</title>\n<style>\n");
  g_string_append (o, css);
  g_string_append (o, "</style>\n</head>\n");
}

static void
filter_bar (Html *x, GString *o)
{
  g_string_append (o, "<div class=\"bar\" role=\"group\" aria-label=\"Show boxes\">\n");
  for (guint k = 0; k < K_N; k++) {
    g_string_append_printf (o, "<label data-kind=\"%s-key\"><input type=\"checkbox\" id=\"show-%s\" checked>"
                               "<span class=\"sw\" style=\"--c:var(--%s);--f:transparent\"></span>%s (%u)</label>\n",
                            kind_names[k], kind_names[k], kind_names[k], kind_labels[k], x->counts[k]);
  }
  g_string_append (o, "<span class=\"keys\">Tab: next box · <kbd>j</kbd>/<kbd>k</kbd>: next/previous page · "
                      "<kbd>Esc</kbd>: back to the record</span>\n</div>\n");
}

static void
text_route_pages (Html *x, GString *o)
{
  /* a text dump has no geometry: the blocks are listed per page, each naming its rule */
  const FrAnalysis *an = x->an;
  g_string_append (o, "<p class=\"none\">This input is a text dump: it has no page geometry, so "
                      "there are no page images or boxes. Each block is listed with the rule that made it.</p>\n");
  for (guint p = 0; p < x->doc->pages->len; p++) {
    g_string_append_printf (o, "<section class=\"page\" id=\"page-%u\" aria-label=\"Page %u\">"
                               "<h2 tabindex=\"-1\">Page %u</h2><div class=\"textpage\">\n", p + 1, p + 1, p + 1);
    for (guint i = 0; i < an->blocks->len; i++) {
      const FrBlock *b = g_ptr_array_index (an->blocks, i);
      if (b->page != p)
        continue;
      const char *rule = fr_explain_block_rule (b);
      if (b->kind == FR_BLOCK_TABLE) {
        guint ti = 0;
        while (ti < an->tables->len && g_ptr_array_index (an->tables, ti) != b->table)
          ti++;
        g_string_append (o, "<table>");
        for (guint ci = 0, r = G_MAXUINT; ci < b->table->cells->len; ci++) {
          const FrCell *c = &g_array_index (b->table->cells, FrCell, ci);
          if (c->row != r) {
            g_string_append (o, r == G_MAXUINT ? "<tr>" : "</tr><tr>");
            r = c->row;
          }
          g_autofree char *id = cell_id (ti, ci);
          g_string_append_printf (o, "<td id=\"%s\" data-kind=\"cell\" rowspan=\"%u\" colspan=\"%u\">", id,
                                  MAX (c->row_span, 1u), MAX (c->col_span, 1u));
          esc (o, c->text);
          g_string_append (o, "</td>");
        }
        g_string_append (o, "</tr></table>\n");
        continue;
      }
      g_autofree char *id = block_id (i, b->page, TRUE);
      g_autofree char *text = b->kind == FR_BLOCK_HEADING ? fr_heading_display (b) : g_strdup (b->text);
      const char *why = fr_explain_rule_why (rule);
      g_string_append_printf (o, "<div class=\"tb\" id=\"%s\" tabindex=\"0\" data-kind=\"%s\">", id,
                              b->kind == FR_BLOCK_PARAGRAPH ? "paragraph" : "heading");
      esc (o, text);
      g_string_append_printf (o, "<span class=\"tip\" role=\"tooltip\"><b>%s</b><span class=\"why\">rule <code>",
                              fr_explain_block_kind (b));
      esc (o, rule);
      g_string_append (o, "</code>");
      if (why) {
        g_string_append (o, ": ");
        esc (o, why);
      }
      g_string_append (o, "</span></span></div>\n");
    }
    g_string_append (o, "</div></section>\n");
  }
}

static gboolean
image_pages (Html *x, GString *o, GError **error)
{
  for (guint p = 0; p < x->doc->pages->len; p++) {
    const FrPage *pg = g_ptr_array_index (x->doc->pages, p);
    g_string_append_printf (o, "<section class=\"page\" id=\"page-%u\" aria-labelledby=\"page-%u-h\">"
                               "<h2 id=\"page-%u-h\" tabindex=\"-1\">Page %u of %u</h2>\n"
                               "<div class=\"sheet\" style=\"aspect-ratio:%.2f/%.2f;--ar:%.4f\">\n",
                            p + 1, p + 1, p + 1, p + 1, x->doc->pages->len, pg->width, pg->height,
                            pg->width / MAX (pg->height, 1.0f));
    g_autoptr (GError) rerr = NULL;
    g_autoptr (GBytes) png = fr_render_page_png (x->doc, p, PAGE_DPI, &rerr);
    if (png) {
      g_autofree char *b64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
      g_string_append_printf (o, "<img alt=\"Page %u as printed\" width=\"%d\" height=\"%d\" src=\"data:image/png;base64,",
                              p + 1, (int) ceil (pg->width * PAGE_DPI / 72), (int) ceil (pg->height * PAGE_DPI / 72));
      g_string_append (o, b64);
      g_string_append (o, "\">\n");
    } else {
      /* the boxes still show where things were, over a blank page */
      g_string_append_printf (o, "<p class=\"none\" style=\"padding:1rem\">This page could not be drawn: ");
      esc (o, rerr ? rerr->message : "unknown error");
      g_string_append (o, "</p>\n");
    }
    g_string_append (o, ((GString *) g_ptr_array_index (x->page_boxes, p))->str);
    g_string_append (o, "</div></section>\n");
  }
  return TRUE;
}

static void
error_page (GString *o, const FrResult *res, const char *path)
{
  const GError *err = fr_result_error (res);
  g_string_append (o, "<body><main><div class=\"error\" role=\"alert\"><h1>finrep could not process ");
  esc (o, path);
  g_string_append_printf (o, "</h1><p><code>%s</code>: ",
                          fr_error_code_name (fr_error_code_of (err)));
  esc (o, err->message);
  g_string_append (o, "</p></div></main></body></html>\n");
}

static void
string_free (gpointer s)
{
  g_string_free (s, TRUE);
}

GString *
fr_show_html (const FrResult *res, const char *path, GError **error)
{
  g_autoptr (GString) o = g_string_sized_new (1 << 20);
  const FrSource *src = fr_result_source (res);
  g_autofree char *base = g_path_get_basename (path);
  head (o, base);
  if (fr_result_error (res)) {
    error_page (o, res, path);
    return g_steal_pointer (&o);
  }

  Html x = { o, res, fr_result_analysis (res), fr_result_document (res),
             g_ptr_array_new_with_free_func (string_free), { 0 } };
  for (guint p = 0; p < x.doc->pages->len; p++)
    g_ptr_array_add (x.page_boxes, g_string_new (NULL));
  const FrAnalysis *an = x.an;
  if (x.doc->has_geometry) {
    /* paint order: paragraphs and headings under cells, changes on top */
    for (guint i = 0; i < an->blocks->len; i++) {
      const FrBlock *b = g_ptr_array_index (an->blocks, i);
      if (b->kind != FR_BLOCK_TABLE)
        boxes_for_block (&x, i, b);
    }
    for (guint ti = 0; ti < an->tables->len; ti++)
      boxes_for_table (&x, ti, g_ptr_array_index (an->tables, ti));
    for (guint fi = 0; fi < an->fixes->len; fi++)
      boxes_for_fix (&x, fi, &g_array_index (an->fixes, FrFix, fi));
  }

  g_string_append (o, "<body>\n<a class=\"skip\" href=\"#pages\">Skip to the pages</a>\n<div class=\"layout\">\n"
                      "<aside id=\"record\" tabindex=\"-1\" aria-label=\"The record\">\n<h1>");
  const FrReport *rep = fr_analysis_report (an);
  esc (o, rep && rep->title ? rep->title : base);
  g_string_append (o, "</h1>\n<dl>");
  dl_row (o, "file", NULL, path, NULL);
  g_autofree char *meta = g_strdup_printf ("%s · %u pages · status ok", x.doc->has_geometry ? "PDF" : "text dump",
                                           x.doc->pages->len);
  dl_row (o, "input", NULL, meta, NULL);
  g_string_append (o, "<dt>sha256</dt><dd class=\"sha\">");
  esc (o, fr_source_sha256 (src));
  g_string_append (o, "</dd>\n");
  g_string_append (o, "</dl>\n");
  record_report (&x, o);
  g_string_append (o, "<section class=\"outline\" aria-labelledby=\"r-out\"><h2 id=\"r-out\">Outline</h2>");
  if (an->root && an->root->children->len)
    outline_items (o, an, an->root);
  else
    g_string_append (o, "<p class=\"none\">No headings.</p>");
  g_string_append (o, "</section>\n");
  record_indicators (&x, o);
  record_evaluations (&x, o);
  record_finance (&x, o);
  record_points (&x, o, "prob", "Problems", an->problems);
  record_points (&x, o, "meas", "Measures", an->measures);
  record_checks (&x, o);
  record_warnings (&x, o);
  record_changes (&x, o);
  g_string_append (o, "</aside>\n<main id=\"pages\" tabindex=\"-1\" aria-label=\"Pages\">\n");
  gboolean ok = TRUE;
  if (x.doc->has_geometry) {
    filter_bar (&x, o);
    ok = image_pages (&x, o, error);
  } else {
    text_route_pages (&x, o);
  }
  g_ptr_array_unref (x.page_boxes);
  if (!ok)
    return NULL;
  g_string_append (o, "</main>\n</div>\n<script>\n");
  g_string_append (o, script);
  g_string_append (o, "</script>\n</body>\n</html>\n");
  return g_steal_pointer (&o);
}
