/* evaluations.h — self-evaluation tables (项目支出/部门整体支出绩效自评表) as units.
 *
 * An FrEvaluation is one such table: its header fields, its funds block, its goals, the
 * indices of its indicator rows in FrAnalysis.indicators, and its 总分 row.  The analysis
 * owns every FrEvaluation (fr_evaluation_free); an evaluation borrows its FrTable.  Amounts
 * are in 万元 as printed; a cell printed `--` or left blank is absent (has_* FALSE).  Pages
 * are 0-based here, 1-based in records.
 * (These types move to the typed model, normalize/model.h, when it lands.)
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FrTable FrTable;

/* One row of a funds block: 年度资金总额 or one of its parts (财政拨款, 上年结转, 其他资金). */
typedef struct {
  char *name;             /* the row's label without 其中： and a closing colon; owned */
  double initial_budget, full_year_budget, executed;       /* 年初预算数, 全年预算数, 全年执行数 */
  gboolean has_initial_budget, has_full_year_budget, has_executed;
  guint page;
} FrFundsPart;

/* The 项目资金 block: the total row with its 分值/执行率/得分, and its parts in table order. */
typedef struct {
  FrFundsPart total;
  double weight, execution_rate, score;   /* 分值, 执行率 (%), 得分 of the total row */
  gboolean has_weight, has_execution_rate, has_score;
  char *execution_rate_text;  /* as printed (100.00%, 100), for the rounding; owned */
  GArray *parts;          /* of FrFundsPart */
} FrFunds;

typedef enum {
  FR_EVALUATION_PROJECT,     /* 项目支出绩效自评表 */
  FR_EVALUATION_DEPARTMENT,  /* 部门整体支出绩效自评表 */
} FrEvaluationKind;

typedef struct {
  FrEvaluationKind kind;
  char *name;             /* 项目名称; NULL for a department table */
  char *department;       /* 主管部门, a leading [292] code dropped */
  char *implementer;      /* 实施单位 */
  int year;               /* the report's, 0 when unknown */
  FrFunds *funds;         /* NULL when the table has no funds block */
  char *goal_target, *goal_actual;   /* 年度总体目标: 预期目标, 实际完成情况 */
  GArray *indicators;     /* of guint: indices into FrAnalysis.indicators, in table order */
  double total_weight, total_score;  /* the 总分 row */
  gboolean has_total_weight, has_total_score;
  char *total_score_text; /* as printed, for the rounding; owned */
  guint total_page;       /* where the 总分 row stands */
  char *grade;            /* 评价等级 where the table prints one */
  guint table;            /* index into FrAnalysis.tables */
  const FrTable *table_ref;  /* borrowed */
  guint row0, row1;       /* its rows [row0, row1) of the table */
  guint page;             /* first page */
  GArray *pages;          /* of guint, every page it lies on, ascending */
} FrEvaluation;

FrFunds *fr_funds_new (void);
void fr_funds_free (FrFunds *f);
FrEvaluation *fr_evaluation_new (FrEvaluationKind kind);
void fr_evaluation_free (FrEvaluation *ev);
/* The name a check or a listing calls it by: 项目名称, else the implementer, else the table's
 * own title; never NULL, borrowed. */
const char *fr_evaluation_label (const FrEvaluation *ev);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrEvaluation, fr_evaluation_free)

G_END_DECLS
