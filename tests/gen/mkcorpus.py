#!/usr/bin/python3
"""Make N varied generated reports for a benchmark, deterministic by seed.

usage: mkcorpus.py [--seed S] [--no-truth] [--keep-src] N OUTDIR

Writes OUTDIR/corpus-0001.pdf … (and .truth.json unless --no-truth). Each report is written
as a .fix description and built by mkfixture, so the corpus has the fixtures' shape and
truth: a different organisation and year per report, 5 to 40 pages, one to four indicator
tables (some on landscape pages), consistent finance sentences, and a random mix of the
text-layer quirks. The same seed gives the same files.
"""

import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkfixture  # noqa: E402

DISTRICTS = {"广州市": ["越秀区", "海珠区", "天河区", "白云区", "黄埔区", "番禺区", "花都区", "南沙区", "从化区", "增城区"],
             "深圳市": ["福田区", "罗湖区", "南山区", "宝安区", "龙岗区"], "佛山市": ["禅城区", "南海区", "顺德区", "三水区"],
             "珠海市": ["香洲区", "斗门区", "金湾区"], "江门市": ["蓬江区", "江海区", "新会区"],
             "惠州市": ["惠城区", "惠阳区"], "韶关市": ["浈江区", "武江区", "曲江区"], "湛江市": ["赤坎区", "霞山区", "麻章区"]}
BODIES = ["教育局", "卫生健康局", "民政局", "司法局", "人力资源和社会保障局", "住房和城乡建设局", "交通运输局",
          "水务局", "农业农村局", "商务局", "文化广电旅游体育局", "应急管理局", "市场监督管理局", "统计局",
          "医疗保障局", "城市管理和综合执法局", "档案馆", "科学技术协会", "妇女联合会", "残疾人联合会", "总工会"]
WORKS = ["统筹推进", "持续深化", "扎实开展", "着力加强", "全面落实", "稳步推进", "积极探索", "不断完善"]
OBJECTS = ["重点民生项目建设", "基层服务能力建设", "数字化管理平台建设", "行业监管和执法检查", "专项资金绩效管理",
           "政策宣传和业务培训", "公共服务设施运行维护", "安全生产隐患排查", "便民服务事项办理", "队伍作风建设"]
TAILS = ["各项工作取得明显成效", "群众满意度持续提升", "服务质量和效率进一步提高", "年度目标任务全面完成",
         "工作机制更加健全", "资金使用效益不断提升", "基础保障能力明显增强"]
DETAILS = ["全年组织开展相关活动{n}场", "累计服务群众{n}人次", "完成年度任务{n}项", "新建和改造服务站点{n}个",
           "组织业务培训{n}期", "开展专项检查{n}次", "办理群众诉求{n}件"]
INDICATORS = [("服务群众人次", "人次"), ("开展培训期数", "期"), ("建设服务站点数", "个"), ("专项检查次数", "次"),
              ("办理群众诉求件数", "件"), ("宣传活动场次", "场"), ("设施维护面积", "平方米"), ("新增设备数量", "台"),
              ("发放补贴人数", "人"), ("整改问题数量", "个")]
RATES = ["资金支付及时率", "项目按期完成率", "验收合格率", "群众满意度", "信息公开及时率"]
PROBLEMS = ["部分项目预算执行进度不均衡，年底支出较为集中", "绩效目标设置不够细化，量化指标偏少",
            "基层工作力量相对薄弱，业务能力参差不齐", "部分项目前期论证不够充分，年中调整较多",
            "信息化支撑能力不足，数据共享程度不高"]
MEASURES = ["加强预算执行监控，按月跟踪分析支出进度", "细化绩效目标，增加可量化、可考核的指标",
            "加强业务培训，提升基层工作人员能力", "做实项目前期论证，提高预算编制的准确性",
            "推进信息化建设，促进部门间数据共享"]
NUMBERS = "一二三四五六七八九十"
PAGE_STYLES = ["— {n} —", "- {n} -", "第{n}页", "第 {n} 页 共 {total} 页", "{n}", "none"]


def sentence(rng):
    return "%s%s，%s，%s。" % (rng.choice(WORKS), rng.choice(OBJECTS),
                             rng.choice(DETAILS).format(n=rng.randint(3, 3000)), rng.choice(TAILS))


def paragraph(rng, k=None):
    return "".join(sentence(rng) for _ in range(k or rng.randint(2, 5)))


def finance(rng, kind, org, year):
    """Department finance lines whose sums and percents are right."""
    names = (["一般公共预算财政拨款收入", "上级补助收入", "其他收入"] if kind == "income"
             else ["基本支出", "项目支出"])
    lines = []
    total = 0.0
    for name in names:
        amount = round(rng.uniform(20, 3000), 2) if name in ("一般公共预算财政拨款收入", "基本支出", "项目支出") \
            else rng.choice([0.0, round(rng.uniform(1, 50), 2)])
        total += amount
        if amount == 0 or rng.random() < 0.2:
            lines.append("+ %s | %.2f万元 | 0" % (name, amount))
        else:
            change = round(amount * rng.uniform(0.02, 0.2), 2)
            up = rng.random() < 0.7
            prev = amount - change if up else amount + change
            lines.append("+ %s | %.2f万元 | %s%.2f | %.1f" % (name, amount, "+" if up else "-", change,
                                                           change / prev * 100))
    total = round(total, 2)
    head = "@%s dept total=%.2f万元 current=%.2f万元" % (kind, total + round(rng.uniform(0, 20), 2), total)
    return [head] + lines + [""]


def table(rng, landscape, scored):
    """An indicator table: 7 columns with rates, or 8 with 分值/得分 and a 合计 row."""
    rows, weights = [], []
    picks = rng.sample(INDICATORS, rng.randint(4, 9)) + [(r, "%") for r in rng.sample(RATES, 2)]
    for i, (name, unit) in enumerate(picks):
        cat1 = "产出指标" if i < len(picks) - 2 else "效益指标"
        cat2 = ("数量指标" if unit != "%" else "质量指标") if cat1 == "产出指标" else "满意度"
        if unit == "%":
            target, actual = rng.choice([90, 95, 98]), round(rng.uniform(90, 100), 1)
            t, a = "≥%d%%" % target, "%s%%" % actual
            rate = 100 if actual >= target else round(actual / target * 100)
        else:
            target = rng.randint(5, 2000)
            actual = round(target * rng.uniform(0.85, 1.4))
            t, a, rate = "%d%s" % (target, unit), "%d%s" % (actual, unit), round(actual / target * 100)
        rows.append([cat1, cat2, name, t, a, "%d%%" % rate])
    for r in range(len(rows) - 1, 0, -1):        # merge repeated category cells
        for c in (1, 0):
            if rows[r][c] == rows[r - 1][c] and (c == 0 or rows[r][0] == rows[r - 1][0]):
                rows[r][c] = "^"
    out = ["@newpage landscape"] if landscape else []
    out.append("@table 部门整体支出绩效指标完成情况表")
    if scored:
        weights = [100 // len(rows)] * len(rows)
        weights[-1] += 100 - sum(weights)
        scores = [w if rng.random() < 0.7 else w - 1 for w in weights]
        out += ["@widths 10 10 24 14 14 9 7 7", "@indicators category=1-2 name=3 target=4 actual=5 rate=6 weight=7 score=8",
                "| 一级指标 | 二级指标 | 三级指标 | 年度目标值 | 实际完成值 | 完成率 | 分值 | 得分", "|---"]
        out += ["| " + " | ".join(r + [str(w), str(s)]) for r, w, s in zip(rows, weights, scores)]
        out.append("| 合计 | < | < | — | — | — | 100 | %d" % sum(scores))
    else:
        out += ["@widths 11 11 26 16 16 10", "@indicators category=1-2 name=3 target=4 actual=5 rate=6",
                "| 一级指标 | 二级指标 | 三级指标 | 年度目标值 | 年度实现值 | 指标完成率", "|---"]
        out += ["| " + " | ".join(r) for r in rows]
        if rng.random() < 0.5:
            out.insert(1 + landscape, "@repeat_header")
    out += ["@end", ""]
    if landscape:
        out += ["@newpage portrait"]
    return out, (sum(scores) if scored else None)


def report(rng):
    city = rng.choice(sorted(DISTRICTS))
    org = city + rng.choice(DISTRICTS[city]) + rng.choice(BODIES)
    year = rng.randint(2019, 2024)
    pages = rng.randint(5, 40)
    src = ["% generated by mkcorpus.py"]
    for flag, p in (("per_glyph", 0.25), ("kangxi", 0.2), ("fullwidth", 0.15), ("bold_headings", 0.5)):
        if rng.random() < p:
            src.append("@" + flag)
    src.append("@page_number " + rng.choice(PAGE_STYLES))
    if rng.random() < 0.3:
        src.append("@running_header %s%d年度部门整体支出绩效自评报告" % (org, year))
    src += ["", "= %d年度%s" % (year, org), "= 部门整体支出绩效自评报告", "",
            "# 一、基本情况", "## （一）部门概况", "### 1.机构设置", paragraph(rng, 2), "",
            "### 2.主要职责"]
    src += ["（%d）%s" % (i, paragraph(rng, 1)) for i in range(1, rng.randint(3, 7))]
    src += ["", "## （二）年度总体工作和重点工作任务", paragraph(rng)]
    # about 600 characters fill a page; tables and finance take about a page each
    budget = max(2, pages - 5) * 500
    n = 0
    while budget > 0:
        n += 1
        text = "%d.%s" % (n, paragraph(rng))
        src.append(text)
        budget -= len(text)
    src += ["", "## （三）部门整体收支情况", "### 1.年度收入总体情况"] + finance(rng, "income", org, year)
    src += ["### 2.年度支出总体情况"] + finance(rng, "expenditure", org, year)
    src += ["# 二、综合评价分析", paragraph(rng, 2) + "主要绩效指标完成情况见下表：", ""]
    score = None
    for k in range(1 + pages // 12):
        lines, s = table(rng, rng.random() < 0.15, rng.random() < 0.4)
        src += lines + ([paragraph(rng, 2)] if k else [])
        score = score or s
    score = score or round(rng.uniform(85, 99), 1)
    src += ["部门整体支出绩效自评分为%s分。" % score, ""]
    src += ["# 三、存在的主要问题", "；".join("%s是%s" % (NUMBERS[i], p)
                                   for i, p in enumerate(rng.sample(PROBLEMS, 3))) + "。", ""]
    src += ["# 四、下一步改进措施", "；".join("%s是%s" % (NUMBERS[i], m)
                                   for i, m in enumerate(rng.sample(MEASURES, 3))) + "。", ""]
    return "\n".join(src)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-truth", action="store_true", help="do not keep the .truth.json files")
    ap.add_argument("--keep-src", action="store_true", help="also keep each report's .fix description")
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    args = ap.parse_args()
    mkfixture.check_fonts()
    os.makedirs(args.outdir, exist_ok=True)
    for i in range(1, args.n + 1):
        rng = random.Random("%d/%d" % (args.seed, i))     # one stream per report: N does not shift the rest
        name = "corpus-%04d" % i
        text = report(rng)
        if args.keep_src:
            with open(os.path.join(args.outdir, name + ".fix"), "w", encoding="utf-8") as f:
                f.write(text)
        mkfixture.build_doc(mkfixture.parse_text(name, text), args.outdir, quiet=True)
        if args.no_truth:
            os.remove(os.path.join(args.outdir, name + ".truth.json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
