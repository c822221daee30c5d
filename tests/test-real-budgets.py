#!/usr/bin/python3
"""The real budgets and final accounts in the shared folder (beside the checkout): each gives
a budget with typed tables; no budget check fails on a published report (a fail there is a
finrep bug unless a person has seen the report err on the page); and the figures below, which
a person read off the page images, are right.  Skipped where the shared folder is absent."""
import json
import os
import re
import subprocess
import sys

FINREP = os.environ["FINREP"]
SRC = os.environ["G_TEST_SRCDIR"]
REAL = os.path.join(os.environ.get("SHARED", ""), "real-reports")
BUDGET_RULES = {"balance", "row_sum", "column_sum", "code_hierarchy", "cross_table", "text_vs_table"}

# Figures read by eye off the PDF pages (page numbers are the PDF's, 1-based).
FIGURES = {
    "guojia_xinfangju_2024_bumen_juesuan_zipingbiao.pdf": {
        # p.7 公开01表 收入支出决算总表
        "income_total": 22066.59, "expenditure_total": 22066.59,
        "current_year_income": 20451.35, "current_year_expenditure": 14572.53,
        "fiscal_appropriation": 19572.91,
        # p.9 公开03表 支出决算表, 合计 row
        "basic_expenditure": 11073.11, "project_expenditure": 3499.42,
        # p.15 公开09表 "三公"经费: the 决算数 half (a 决算); 购置费 blank
        "three_public.total": 46.21, "three_public.overseas": 4.69, "three_public.vehicles": 40.61,
        "three_public.vehicle_purchase": None, "three_public.vehicle_operation": 40.61,
        "three_public.reception": 0.90,
        # the narrative only: p.25 机关运行经费支出2266.65万元, p.26 政府采购支出总额1967.42万元
        "operating_costs": 2266.65, "procurement": 1967.42,
    },
    "sh_czj_2025_danwei_yusuan.pdf": {
        # p.7 财务收支预算总表, printed in 元: 171,915,169 元
        "income_total": 17191.5169, "expenditure_total": 17191.5169,
        "fiscal_appropriation": 17191.5169,
    },
    "sh_pt_shgzb_2024_bumen_juesuan.pdf": {
        # p.12: the 一般公共预算财政拨款支出决算表 (its title above a header row, 项目, that the
        # table did not take)
        "general_budget_expenditure": 307.82,
        # p.5 收入支出决算总表
        "income_total": 307.82, "expenditure_total": 307.82,
        "current_year_income": 307.82, "current_year_expenditure": 307.82,
        "fiscal_appropriation": 307.82,
    },
    "hz_gaj_2026_bumen_yusuan.pdf": {
        # p.20 表1 收支预算总表: 本年支出合计 holds the carry-over, 本年收入合计 does not
        "income_total": 404415.23, "expenditure_total": 404415.23,
        "current_year_income": 400391.78, "current_year_expenditure": 404415.23,
        "fiscal_appropriation": 373795.79,
    },
    "suz_jtysj_2026_bumen_yusuan.pdf": {
        # p.8 公开01表 收支总表
        "income_total": 249977.11, "expenditure_total": 249977.11,
        "current_year_income": 249977.11, "current_year_expenditure": 249977.11,
        "fiscal_appropriation": 242360.10,
        # p.22 公开09表 "三公"经费、会议费、培训费 (the 合计 is the three's, 会议费 and 培训费 apart)
        "three_public.total": 345.63, "three_public.overseas": 0, "three_public.vehicles": 299.12,
        "three_public.vehicle_purchase": 154.97, "three_public.vehicle_operation": 144.15,
        "three_public.reception": 46.51,
    },
}


NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")
AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d+$|^\d+\.\d+$")
HEADER_WORDS = {"收入", "支出", "项目", "项目名称", "科目名称", "功能分类", "支出用途", "金额", "预算数", "决算数"}
TOTAL_NAME = re.compile(r"[合总]计$")
TOTAL = re.compile(r"^\s*(?:合\s*计|总\s*计)\s*$")


def figures_in(table):
    return any(NUMBER.match(c.replace(" ", "")) for row in table["rows"] for c in row if c)


# finance items read by eye off the summary tables: the top lines above 本年收入/支出合计
FINANCE_ITEMS = {
    # p.20: 一、财政拨款 numbered (its 一般公共预算, 政府性基金预算 under it are parts; blank
    # lines give no item); expenditure in 类/款/项 lines without numbers, 类 the top
    "hz_gaj_2026_bumen_yusuan.pdf": {
        "income": [("财政拨款", 373795.79), ("事业收入", 18536.88), ("其他收入", 8059.10)],
        "expenditure": [("一般公共服务支出", 5140.00), ("公共安全支出", 325711.11),
                        ("科学技术支出", 32240.98), ("社会保障和就业支出", 23243.93),
                        ("卫生健康支出", 8030.63), ("城乡社区支出", 7600.00),
                        ("资源勘探工业信息等支出", 2448.58)],
    },
    # p.5: numbered lines, the blank ones left out
    "sh_pt_shgzb_2024_bumen_juesuan.pdf": {
        "income": [("一般公共预算财政拨款收入", 307.82)],
        "expenditure": [("一般公共服务支出", 264.87), ("社会保障和就业支出", 10.82),
                        ("卫生健康支出", 2.71), ("住房保障支出", 29.42)],
    },
}


# typed lines read by eye off the pages: (kind, side, name, first amount)
LINES = {
    # p.3 收支预算总表: 支出 by 功能分类 (name | 金额) beside 支出 by 支出用途 (name | 金额)
    "js_swbgt_2018_bumen_yusuan_biao.pdf": [
        ("summary", "expenditure", "一般公共服务支出", 20153.75),
        ("summary", "expenditure", "社会保障和就业支出", 1289.52),
        ("summary", "expenditure", "住房保障支出", 3015.16),
        ("summary", "expenditure", "基本支出", 10403.11),
        ("summary", "expenditure", "单位预留机动经费", 1973.86)],
    # p.12 公开06表, three groups side by side: 公用经费合计 in the third group's 决算数
    "guojia_xinfangju_2024_bumen_juesuan_zipingbiao.pdf": [
        ("general_budget_basic", None, "人员经费合计", 7967.72),
        ("general_budget_basic", None, "公用经费合计", 2266.65)],
}


# header words read by eye off the pages: the typed table (by its label) whose `tables` entry
# must hold them in its header rows, none in its body
HEADERS = {
    # p.21 表7 "三公"经费: 预算数 | 决算数 over 合计 … over 小计 | 公务用车购置费 | 公务用车运行费
    "fs_gdjtj_2019_bumen_juesuan.pdf": {"表7": ["决算数", "因公出国（境）费", "公务用车购置费"]},
    "guojia_xinfangju_2024_bumen_juesuan_zipingbiao.pdf": {"公开09表": ["决算数", "公务用车购置费"]},
    # p.42 表07: 单位名称 | “三公”经费合计 | … over 小计 | 公务用车购置费 | 公务用车运行维护费, then ** 1 2 …
    "huz_wjw_2026_bumen_yusuan.pdf": {"表07": ["因公出国(境)费用", "公务用车运行维护费"]},
    "hz_gaj_2026_bumen_yusuan.pdf": {"表7": ["因公出国(境)费用", "公务用车运行维护费"]},
    # p.14, p.18: 基本支出 over 小计 | 人员经费 | 公用经费, printed without rules
    "suz_jtysj_2026_bumen_yusuan.pdf": {"公开05表": ["基本支出", "小计", "公用经费"],
                                        "公开07表": ["基本支出", "小计", "公用经费"],
                                        # p.22: no row that numbers the columns
                                        "公开09表": ["公务用车购置费", "会议费"]},
    # p.33 表9: 总计 | 因公出国(境)费 | … over each fund's column
    "sz_mzj_2026_bumen_yusuan.pdf": {"表9": ["公务接待费", "公务用车运行维护费", "国有资本经营预算"]},
    # p.14, 本表无数据: 合计 … over 小计 | 公务用车购置费 … over 预算数 | 决算数
    "sh_pt_shgzb_2024_bumen_juesuan.pdf": {"财政拨款“三公”经费支出决算表": ["公务用车购置费", "决算数"]},
}


# column roles read off the pages: (kind, header, role)
ROLES = {
    # p.22 表8 政府性基金: 年初结转和结余 is carried over from before, 年末结转和结余 goes on
    "fs_gdjtj_2019_bumen_juesuan.pdf": [("government_funds", "年初结转和结余", "carryover"),
                                        ("government_funds", "年末结转和结余", None)],
}


# table titles read off the pages: the typed table's kind and the `tables` title it must have
TITLES = {
    # p.5: the part's heading (…2024年度部门决算表) over the table's own name
    "sh_pt_shgzb_2024_bumen_juesuan.pdf": [("summary", "收入支出决算总表")],
    # p.25: the label 表01 over the name
    "huz_wjw_2026_bumen_yusuan.pdf": [("summary", "2026年市级部门收支预算总表")],
}


# tables of no figures (本表无数据) read off the pages: (kind, page, columns of the table,
# typed value columns, whether its 合计 line is a typed row with no amount; None where the
# page prints 合计 in the row that heads 本年支出's columns, a header row)
EMPTY = {
    # p.15, p.16: 项目 over 功能分类科目编码 (类 | 款 | 项) and 功能分类科目名称, then 合计 |
    # 基本支出 | 项目支出 under the fund; a blank row, 合计 over the code and name columns
    "sh_czj_2025_danwei_yusuan.pdf": [("government_funds", 15, 7, 3, True), ("state_capital", 16, 7, 3, True)],
    # p.15, p.16: 功能分类科目编码 | 科目名称 | 年初结转和结余 | 本年收入 | 本年支出 (合计, 基本支出,
    # 项目支出) | 年末结转和结余
    "sh_pt_shgzb_2024_bumen_juesuan.pdf": [("government_funds", 15, 8, 6, None), ("state_capital", 16, 8, 6, None)],
    # p.23 公开10表: 科目编码 | 科目名称 | 本年政府性基金预算支出 (合计, 基本支出, 项目支出), 合计 under it
    "suz_jtysj_2026_bumen_yusuan.pdf": [("government_funds", 23, 5, 3, True)],
    # p.31 表9: 功能分类科目名称 | 项目支出, ** | 1, 合计 at the left of its wide cell
    "hz_gaj_2026_bumen_yusuan.pdf": [("state_capital", 31, 2, 1, True)],
    # p.12 财政拨款政府性基金支出预算表: 功能科目代码 | 功能科目名称 | 金额, 合计, three blank rows
    "js_swbgt_2018_bumen_yusuan_biao.pdf": [("government_funds", 12, 3, 1, True)],
}


# figures the narrative states and a typed table holds, read off the pages: text_vs_table
# must compare each (and pass)
TEXT_CHECKS = {
    # p.17 收、支总计22066.59万元 (公开01表)
    "guojia_xinfangju_2024_bumen_juesuan_zipingbiao.pdf": ["income_total"],
    # p.31 收入、支出预算总计249,977.11万元; p.39 "三公"经费支出预算345.63万元; p.40 政府采购
    "suz_jtysj_2026_bumen_yusuan.pdf": ["income_total", "three_public.total", "procurement"],
    "hz_gaj_2026_bumen_yusuan.pdf": ["income_total", "three_public.total"],
}


def figure(rec, key):
    f = rec["budget"]["figures"]
    for part in key.split("."):
        f = f[part]
    return f


def main():
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(SRC, "real-reports.tsv"), encoding="utf-8")
            if l.strip() and not l.startswith("#")]
    budgets = [r[0] for r in rows if len(r) > 2 and r[2].endswith(("预算", "决算"))]
    if not os.path.isdir(REAL):
        print("1..0 # SKIP no shared real-reports folder")
        return 0
    n = failed = 0

    def report(ok, what, lines=()):
        nonlocal n, failed
        n += 1
        failed += not ok
        print(f"{'ok' if ok else 'not ok'} {n} - {what}")
        for line in lines:
            print(f"# {line}")

    for name in budgets:
        run = subprocess.run([FINREP, "extract", os.path.join(REAL, name)], capture_output=True,
                             text=True, timeout=120)
        rec = json.loads(run.stdout)
        b = rec.get("budget")
        report(bool(b and b["tables"]), f"{name}: a budget with typed tables")
        fails = [c for c in rec["checks"] if c["rule"] in BUDGET_RULES and c["status"] == "fail"]
        ran = [c for c in rec["checks"] if c["rule"] in BUDGET_RULES]
        report(not fails and bool(ran), f"{name}: {len(ran)} budget checks, none fails",
               [f"{c['rule']}: {c['message']}" for c in fails[:10]] + ([] if ran else ["no check ran"]))
        want = FIGURES.get(name, {})
        bad = []
        for k, v in want.items():
            got = figure(rec, k) if b else None
            if not (got == v or (isinstance(got, (int, float)) and v is not None and abs(got - v) < 1e-9)):
                bad.append(f"{k}: {got}, want {v}")
        report(not bad, f"{name}: {len(want)} figures read off the pages", bad)
        # finance of a budget is its summary table's: the same totals as the figures, and
        # items that add up (the sentences' own lists left a line out: an items_sum false alarm)
        fin, fig = rec.get("finance") or {}, (b or {}).get("figures") or {}
        bad = [f"{c['rule']}: {c['subject']}: {c['message']}" for c in rec["checks"]
               if c["rule"] in ("items_sum", "basic_project") and c["status"] == "fail"]
        for side, total, current in (("income", "income_total", "current_year_income"),
                                     ("expenditure", "expenditure_total", "current_year_expenditure")):
            for key, fkey in (("total", total), ("current_year", current)):
                got, want_v = (fin.get(side) or {}).get(key), fig.get(fkey)
                if want_v is not None and (got is None or abs(got - want_v) > 1e-6):
                    bad.append(f"finance.{side}.{key} {got}, the summary table's {fkey} {want_v}")
        for side, want_items in FINANCE_ITEMS.get(name, {}).items():
            got = [(it["name"], it["amount"]) for it in (fin.get(side) or {}).get("items", [])]
            if len(got) != len(want_items) or any(g[0] != w[0] or abs(g[1] - w[1]) > 1e-6
                                                   for g, w in zip(got, want_items)):
                bad.append(f"finance.{side}.items {got}, want {want_items}")
        report(not bad, f"{name}: finance agrees with the typed summary table", bad)
        # tables whole: a continuation page carries its table's identity (no untitled table
        # on a typed table's pages), and a header is never a table of its own (no table
        # without a figure right before an untitled one that has them)
        tables = rec["tables"]
        typed_pages = {p for bt in (b or {}).get("tables", []) for p in bt["pages"]}
        bad = [f"table {i} (p.{t['page']}) is untitled on a typed table's page"
               for i, t in enumerate(tables) if not t["title"] and t["page"] in typed_pages]
        bad += [f"table {i} (p.{t['page']}) holds no figure and the untitled table {i + 1} under it does"
                for i, (t, u) in enumerate(zip(tables, tables[1:]))
                if not figures_in(t) and figures_in(u) and not u["title"] and u["page"] - t["pages"][-1] <= 1]
        untitled = sum(1 for t in tables if not t["title"])
        report(not bad, f"{name}: tables whole ({untitled} of {len(tables)} untitled, none a "
               f"typed table's piece or a header alone)", bad)
        # and no row of a table is its header again (收入 | 支出 at the top of its second page,
        # however the two pages' readings cut the header's merged cells)
        bad = [f"table {i} (p.{t['page']}) row {k} repeats its header: {row}"
               for i, t in enumerate(tables) for k, row in enumerate(t["rows"])
               if len(t["header"]) and any(row == h or [c for c in row if c] == [c for c in h if c] != []
                                           for h in t["header"])]
        report(not bad, f"{name}: no table row repeats its header", bad)
        want_empty = EMPTY.get(name, [])
        if want_empty:
            bad = []
            for kind, page, ncols, nvals, total in want_empty:
                bt = next((bt for bt in (b or {}).get("tables", []) if bt["kind"] == kind and bt["pages"][0] == page), None)
                if bt is None:
                    bad.append(f"no {kind} table on p.{page}")
                    continue
                t = tables[bt["table"]]
                if len(t["header"][0] if t["header"] else t["rows"][0]) != ncols:
                    bad.append(f"{kind} p.{page}: {len(t['header'][0])} columns, want {ncols}")
                if len(bt["columns"]) != nvals:
                    bad.append(f"{kind} p.{page}: {len(bt['columns'])} typed columns, want {nvals}")
                rows = [(r["name"], r["values"]) for r in bt["rows"]]
                if total is not None and rows != [("合计", [None] * nvals)]:
                    bad.append(f"{kind} p.{page}: typed rows {rows}, want its 合计 with no amount")
            report(not bad, f"{name}: {len(want_empty)} tables of no figures read off the pages", bad)
        want_header = HEADERS.get(name, {})
        if want_header:
            bad = []
            for bt in (b or {}).get("tables", []):
                words = want_header.get(bt["label"] or bt["title"])
                if not words:
                    continue
                t = tables[bt["table"]]
                head = {c for row in t["header"] for c in row}
                body = {c for row in t["rows"] for c in row}
                bad += [f"{bt['label'] or bt['title']}: {w} not in the header" for w in words if w not in head]
                bad += [f"{bt['label'] or bt['title']}: {w} in a body row" for w in words if w in body]
            report(not bad, f"{name}: the header rows of {len(want_header)} tables read off the pages", bad)
        want_text = TEXT_CHECKS.get(name, [])
        if want_text:
            ran = {c["subject"]: c["status"] for c in rec["checks"] if c["rule"] == "text_vs_table"}
            bad = [f"{k}: {ran.get(k, 'not compared')}" for k in want_text if ran.get(k) != "pass"]
            report(not bad, f"{name}: the narrative's {len(want_text)} figures compared with the tables", bad)
        want_titles = TITLES.get(name, [])
        if want_titles:
            have = {bt["kind"]: tables[bt["table"]]["title"] for bt in (b or {}).get("tables", [])}
            bad = [f"{k}: {have.get(k)!r}, want {w!r}" for k, w in want_titles if have.get(k) != w]
            report(not bad, f"{name}: {len(want_titles)} table titles read off the pages", bad)
        want_roles = ROLES.get(name, [])
        if want_roles:
            have = {(bt["kind"], c["header"]): c["role"] for bt in (b or {}).get("tables", []) for c in bt["columns"]}
            bad = [f"{k} {h}: {have.get((k, h), 'no such column')}, want {r}" for k, h, r in want_roles
                   if (k, h) not in have or have[(k, h)] != r]
            report(not bad, f"{name}: {len(want_roles)} column roles read off the pages", bad)
        want_lines = LINES.get(name, [])
        if want_lines:
            have = [(bt["kind"], r["side"], r["name"], r["values"][0] if r["values"] else None)
                    for bt in (b or {}).get("tables", []) for r in bt["rows"]]
            bad = [f"{w} not among the typed lines" for w in want_lines
                   if not any(h[:3] == w[:3] and h[3] is not None and abs(h[3] - w[3]) < 1e-6 for h in have)]
            report(not bad, f"{name}: {len(want_lines)} typed lines read off the pages", bad)
        # typed rows are the table's lines: none is a header repeated where a page starts
        # (收入 | 支出, 项目 | 预算数) or the cells of a header run together (a table of no
        # figures, 本表无数据, has its coded lines and its 合计 only), and a label merged over two groups of columns (公用经费合计)
        # is read once, in the group where its amount stands (a line may repeat a name: 一般公共
        # 预算 under 年初结转和结余 again; a total may not)
        bad = []
        for bt in (b or {}).get("tables", []):
            named = {}
            for r in bt["rows"]:
                if r["code"] is None and r["name"]:
                    named.setdefault(r["name"], []).append(r)
            for r in bt["rows"]:
                blank = all(v is None for v in r["values"])
                empty = all(v is None for o in bt["rows"] for v in o["values"])
                if blank and r["code"] is None and (r["name"] in HEADER_WORDS
                                                    or (empty and not TOTAL_NAME.search(r["name"] or ""))):
                    bad.append(f"{bt['label'] or bt['title']}: a header line {r['name']} (p.{r['page']})")
                elif blank and r["code"] is None and re.search(r"[合总小]计$", r["name"] or "") and any(
                        o is not r and any(v is not None for v in o["values"]) for o in named.get(r["name"], [])):
                    bad.append(f"{bt['label'] or bt['title']}: {r['name']} twice, once without its amount")
        report(not bad, f"{name}: typed rows are lines, no header and no label twice", bad)
        # a 项目支出绩效表 (one row a project, its 绩效目标 a long text) lists the projects of
        # the 项目支出表 with the same amounts: a row lost to the paragraphs, or the table cut
        # in pieces at its page breaks, shows as a project missing
        projects = sorted(round(r["values"][0], 2) for bt in (b or {}).get("tables", [])
                          if bt["kind"] == "projects" for r in bt["rows"]
                          if r["values"] and r["values"][0] is not None and not TOTAL.match(r["name"] or ""))
        perf = [t for t in tables if t["title"] and "项目支出绩效" in t["title"] and "自评" not in t["title"]]
        targets = sorted(round(float(c.replace(",", "")), 2) for t in perf for row in t["rows"]
                         for c in row[2:3] if AMOUNT.match(c) and not TOTAL.match(row[0] or row[1]))
        if perf:
            ok = len(perf) == 1 and targets == projects
            report(ok,
                   f"{name}: the 项目支出绩效表 in one table ({len(perf)}), {len(targets)} projects "
                   f"of the 项目支出表's {len(projects)}",
                   [] if ok else [f"only in the 项目支出表: {sorted(set(projects) - set(targets))[:10]}",
                                  f"only in the 绩效表: {sorted(set(targets) - set(projects))[:10]}"])
    print(f"1..{n}")   # the plan last: a 项目支出绩效表 adds a test to the files that have one
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
