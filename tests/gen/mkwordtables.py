#!/usr/bin/python3
"""Builds the Word-made fixtures of the text route's column-ordered tables (issue 17):
reports with an indicator table, written as a Word document (python-docx) and exported to
PDF by LibreOffice, the way most archived reports were made.  `pdftotext FILE.pdf` in its
default mode prints such a ruled table a column at a time (every name, then the targets,
the actual values, the rates, in runs that pdftotext cuts where a row is taller than its
cell), with the merged category cells in runs of their own; tests/test-textcolumns.py reads
those dumps against the truth written here.

Made nasty on purpose: category cells merged over rows (and over a page break), names
wrapped over two and three lines, names exactly as wide as their column, targets with
units, bounds (≧, ≥, ≤) and `--`, rates, 合格/达标 words, long prose targets, a planted wrong
rate, and the report's finance sentences and self-score around the table.

    /usr/bin/python3 tests/gen/mkwordtables.py [OUTDIR]     (default: fixtures/word)

writes OUTDIR/word-NAME.pdf and OUTDIR/word-NAME.truth.json for each report below (a folder of
their own: their truth holds the indicators, self-score and planted checks only, not the
whole record that the other fixtures' truth has).  Needs
python3-docx and libreoffice-writer-nogui (scripts/debian-packages.txt).  The PDF is not
byte-stable across LibreOffice versions; with one version, a rerun gives the same bytes (the
export time and the random /ID are replaced, see steady()).
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

FONT = "Noto Serif CJK SC"

# A report: title, organisation, year, the body before the table, the table, the body after.
# Table rows: (level-1, level-2, name, target, actual, rate); a category equal to the row
# above's is one cell merged over both.
DEPT = {
    "name": "word-dept",
    "title": "2023年度广州市海珠区民政局部门整体支出绩效自评报告",
    "kind": "部门整体支出绩效自评报告",
    "organization": "广州市海珠区民政局",
    "year": 2023,
    "self_score": 96.5,
    "columns": ("一级指标", "二级指标", "三级指标", "年度目标值", "年度实现值", "指标完成率"),
    "widths": (52, 52, 86, 88, 88, 52),
    "income": ("广州市海珠区民政局2023年度总收入5,236.18万元，其中本年收入5,120.06万元。具体情况如下：",
               ["一般公共预算财政拨款收入4,980.26万元，比上年决算数增加312.40万元，增长6.7%。",
                "政府性基金预算财政拨款收入139.80万元，比上年决算数减少20.20万元，下降12.6%。",
                "其他收入0万元，与上年决算数持平。"]),
    "expenditure": ("广州市海珠区民政局2023年度总支出5,236.18万元，其中本年支出5,120.06万元。具体情况如下：",
                    ["基本支出2,316.44万元，比上年决算数增加96.12万元，增长4.3%。",
                     "项目支出2,803.62万元，比上年决算数增加195.88万元，增长7.5%。"]),
    "rows": [
        ("产出指标", "数量指标", "困难群众救助人数", "≧3200人", "3418人", "106.8%"),
        ("产出指标", "数量指标", "养老服务床位数", "1200张", "1260张", "105%"),
        ("产出指标", "数量指标", "社区长者饭堂覆盖率", "100%", "100%", "100%"),
        ("产出指标", "数量指标", "婚姻登记档案数字化", "3.6万卷", "3.6万卷", "100%"),
        ("产出指标", "数量指标", "开展社会组织等级评估", "≥40家", "46家", "100%"),
        ("产出指标", "数量指标", "殡葬惠民补贴", "--", "--", "--"),
        ("产出指标", "质量指标", "救助资金发放准确率", "100%", "100%", "100%"),
        ("产出指标", "质量指标", "养老机构消防安全检查", "合格", "合格", "100%"),
        ("产出指标", "质量指标", "福利彩票公益金项目验收", "达标", "达标", "100%"),
        ("产出指标", "质量指标", "居家养老服务质量第三方评估",
         "评估结果达到良好以上等级", "评估结果为优秀等级", "100%"),
        ("产出指标", "时效指标", "救助资金发放及时率", "≥98%", "99.2%", "101.2%"),
        ("产出指标", "时效指标", "低保审核审批时限", "≤20个工作日", "15个工作日", "100%"),
        ("产出指标", "成本指标", "长者饭堂运营补贴", "≤860.00万元", "842.56万元", "100%"),
        ("效益指标", "社会效益指标", "困难群众基本生活保障", "有效保障", "有效保障", "100%"),
        ("效益指标", "社会效益指标", "养老服务体系建设",
         "基本建成居家社区机构相协调、医养康养相结合的养老服务体系",
         "建成街道综合养老服务中心18个，居家养老服务覆盖全区", "100%"),
        ("效益指标", "可持续影响指标", "社区治理能力提升", "逐步提升", "明显提升", "100%"),
        ("满意度指标", "服务对象满意度指标", "救助对象满意度", "≥90%", "96.3%", "107%"),
        ("满意度指标", "服务对象满意度指标", "长者饭堂用餐长者满意度", "≥90%", "93.5%", "103.9%"),
    ],
    # the report's own arithmetic wrong on purpose: 1260/1200 is 105%, stated 108%
    "planted": {"养老服务床位数": "108%"},
    "problems": "一是部分项目预算执行进度偏慢；二是绩效目标设置不够细化。",
}

PROJECT = {
    "name": "word-project",
    "title": "2023年度佛山市南海区社区居家养老服务项目支出绩效自评报告",
    "kind": "项目支出绩效自评报告",
    "organization": "佛山市南海区民政局",
    "year": 2023,
    "self_score": 92,
    "columns": ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "完成率"),
    "widths": (48, 56, 100, 80, 80, 54),
    "income": None,
    "expenditure": None,
    "rows": [
        ("产出指标", "数量指标", "上门服务长者人数", "≧2000人", "2136人", "106.8%"),
        ("产出指标", "数量指标", "服务时长", "≥48000小时", "51260小时", "100%"),
        ("产出指标", "数量指标", "培训养老护理员", "300人次", "318人次", "106%"),
        ("产出指标", "数量指标", "建设家庭养老床位", "150张", "138张", "92%"),
        ("产出指标", "质量指标", "服务记录完整率", "≥95%", "97.6%", "102.7%"),
        ("产出指标", "质量指标", "护理员持证上岗率", "100%", "100%", "100%"),
        ("产出指标", "质量指标", "适老化改造工程验收", "合格", "合格", "100%"),
        ("产出指标", "时效指标", "服务响应时间", "≤24小时", "12小时", "100%"),
        ("产出指标", "成本指标", "每小时服务补贴标准", "≤35元/小时", "35元/小时", "100%"),
        ("效益指标", "社会效益指标", "失能半失能长者照护",
         "失能半失能长者得到及时有效照护，家庭照护负担明显减轻",
         "全年照护失能半失能长者612人，家属反映负担减轻", "100%"),
        ("效益指标", "社会效益指标", "居家养老服务覆盖面", "逐步扩大", "覆盖全部村居", "100%"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", "105.6%"),
    ],
    "planted": {},
    "problems": "一是家庭养老床位建设进度未达预期；二是专业护理人员流动性较大。",
}

# a long table over three pages in a narrow name column: names of three lines, a level-1
# cell merged over two whole pages, ≦ bounds, amounts in 元
LONG = {
    "name": "word-long",
    "title": "2024年度深圳市龙岗区教育局部门整体支出绩效自评报告",
    "kind": "部门整体支出绩效自评报告",
    "organization": "深圳市龙岗区教育局",
    "year": 2024,
    "self_score": 94.25,
    "columns": ("一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "完成率"),
    "widths": (50, 54, 66, 92, 92, 56),
    "income": ("深圳市龙岗区教育局2024年度总收入86,412.50万元，其中本年收入85,930.18万元。具体情况如下：",
               ["一般公共预算财政拨款收入85,930.18万元，比上年决算数增加2,130.06万元，增长2.5%。"]),
    "expenditure": ("深圳市龙岗区教育局2024年度总支出86,412.50万元，其中本年支出85,930.18万元。具体情况如下：",
                    ["基本支出61,204.77万元，比上年决算数增加1,006.32万元，增长1.7%。",
                     "项目支出24,725.41万元，比上年决算数增加1,123.74万元，增长4.8%。"]),
    "rows": [
        ("产出指标", "数量指标", "新增公办学位数", "≧12000个", "12860个", "107.2%"),
        ("产出指标", "数量指标", "新建改扩建中小学校数量", "8所", "8所", "100%"),
        ("产出指标", "数量指标", "教师培训人次", "≥6000人次", "6512人次", "100%"),
        ("产出指标", "数量指标", "资助家庭经济困难学生人数", "3500人", "3620人", "103.4%"),
        ("产出指标", "数量指标", "课后服务覆盖学校", "100%", "100%", "100%"),
        ("产出指标", "数量指标", "校园安全视频监控点位", "2400个", "2400个", "100%"),
        ("产出指标", "数量指标", "学前教育生均补助标准", "≥1500元/生", "1500元/生", "100%"),
        ("产出指标", "数量指标", "民办学校学位补贴", "--", "--", "--"),
        ("产出指标", "质量指标", "义务教育巩固率", "≥99%", "99.6%", "100.6%"),
        ("产出指标", "质量指标", "新建校舍工程质量", "合格", "合格", "100%"),
        ("产出指标", "质量指标", "食堂食品安全量化等级评定", "达标", "达标", "100%"),
        ("产出指标", "质量指标", "教师持证上岗率", "100%", "100%", "100%"),
        ("产出指标", "质量指标", "学生体质健康测试达标率", "≥92%", "94.1%", "100%"),
        ("产出指标", "时效指标", "学位建设项目按期交付率", "≥95%", "100%", "105.3%"),
        ("产出指标", "时效指标", "资助资金发放时间", "≦30个工作日", "21个工作日", "100%"),
        ("产出指标", "成本指标", "生均公用经费", "≤1800元", "1760元", "100%"),
        ("产出指标", "成本指标", "校舍维修单价", "≤450元/平方米", "438元/平方米", "100%"),
        ("效益指标", "社会效益指标", "适龄儿童入学保障",
         "符合条件的适龄儿童应入尽入", "全区适龄儿童全部入学", "100%"),
        ("效益指标", "社会效益指标", "教育优质均衡发展", "逐步推进", "稳步推进", "100%"),
        ("效益指标", "社会效益指标", "家庭经济困难学生资助覆盖率", "100%", "100%", "100%"),
        ("效益指标", "可持续影响指标", "教育信息化水平", "持续提升", "明显提升", "100%"),
        ("效益指标", "可持续影响指标", "校园安全长效机制",
         "建立健全校园安全风险防控体系", "全区学校落实校园安全风险防控制度", "100%"),
        ("满意度指标", "服务对象满意度指标", "家长满意度", "≥90%", "92.7%", "103%"),
        ("满意度指标", "服务对象满意度指标", "学生满意度", "≥90%", "95.2%", "105.8%"),
        ("满意度指标", "服务对象满意度指标", "教师对培训工作满意度", "≥85%", "91%", "107.1%"),
    ],
    # 3620/3500 is 103.4%; stated 105.4%
    "planted": {"资助家庭经济困难学生人数": "105.4%"},
    "problems": "一是学位建设任务重、用地紧张；二是部分项目绩效目标量化不足。",
}

REPORTS = (DEPT, PROJECT, LONG)

FILLER = ("根据预算绩效管理工作要求，我单位对照年初设定的绩效目标，逐项核实指标完成情况，"
          "查阅相关资料，对资金使用和项目实施效果进行了全面自评。")


def set_font(run, size, bold=False):
    run.font.size = Pt(size)
    run.bold = bold
    run.font.name = FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def para(doc, text, size=16, bold=False, center=False, indent=True):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    set_font(p.add_run(text), size, bold)
    return p


def cell_text(cell, text, bold=False):
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run(text), 10.5, bold)


def rows_of(rep):
    """The table's rows as printed: the planted rates in place of the right ones."""
    return [r[:5] + (rep["planted"].get(r[2], r[5]),) for r in rep["rows"]]


def build(rep, path):
    doc = Document()
    para(doc, rep["title"], 20, True, center=True)
    para(doc, "一、基本情况", 16, True)
    for _ in range(3):
        para(doc, FILLER)
    if rep["income"]:
        para(doc, "（一）年度收入总体情况", 16, True)
        para(doc, rep["income"][0])
        for s in rep["income"][1]:
            para(doc, s)
        para(doc, "（二）年度支出总体情况", 16, True)
        para(doc, rep["expenditure"][0])
        for s in rep["expenditure"][1]:
            para(doc, s)
    else:
        para(doc, "（一）项目资金情况", 16, True)
        para(doc, "项目资金总额356.20万元，其中本年预算安排资金356.20万元。资金来源为：区级财政资金"
                  "296.20万元，市级补助资金60.00万元。")
        para(doc, "截至2023年12月31日，项目总支出342.86万元，其中本年支出342.86万元。资金使用情况为："
                  "服务购买费318.36万元，培训费24.50万元。")
    para(doc, "二、绩效目标完成情况", 16, True)
    para(doc, "对照年初绩效目标，各项指标完成情况如下表：")
    para(doc, "绩效指标完成情况统计表", 18, center=True)
    para(doc, "单位名称：" + rep["organization"], 12, indent=False)

    rows = rows_of(rep)
    t = doc.add_table(rows=1 + len(rows), cols=6)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, word in enumerate(rep["columns"]):
        cell_text(t.cell(0, c), word, True)
    for k, row in enumerate(rows):
        for c in range(2, 6):
            cell_text(t.cell(1 + k, c), row[c])
    # merged category cells: a run of equal level-1 (level-2 within it) is one cell
    for level in (0, 1):
        k = 0
        while k < len(rows):
            j = k
            while j + 1 < len(rows) and rows[j + 1][: level + 1] == rows[k][: level + 1]:
                j += 1
            cell = t.cell(1 + k, level).merge(t.cell(1 + j, level)) if j > k else t.cell(1 + k, level)
            cell_text(cell, rows[k][level])
            k = j + 1
    t.autofit = False
    for i, width in enumerate(rep["widths"]):
        t.columns[i].width = Pt(width)
        for cell in t.columns[i].cells:
            cell.width = Pt(width)

    para(doc, "三、综合评价结论", 16, True)
    para(doc, "从评价情况来看，预算编制、执行及使用效益情况基本达到了预期的绩效目标，"
              f"自评得分为{rep['self_score']:g}分。")
    para(doc, "四、存在的主要问题", 16, True)
    para(doc, rep["problems"])
    doc.save(path)


def truth(rep):
    def value(v):
        return v
    inds = [{"category": [r[0], r[1]], "name": r[2], "target": r[3], "actual": r[4], "rate": r[5]}
            for r in rows_of(rep)]
    return {"report": {"title": rep["title"], "kind": rep["kind"], "year": rep["year"],
                       "organization": rep["organization"]},
            "self_score": rep["self_score"],
            "indicators": inds,
            "expect_fail_checks": sorted(rep["planted"])}


def steady(pdf):
    """The PDF's bytes made the same on every run: LibreOffice writes the export time into
    /CreationDate, a /DocChecksum over it, and a random /ID.  Both are replaced by strings of the same length (a fixed
    date; the digest of the rest of the file), so every offset in the cross-reference table
    stays right."""
    def same_date(m):
        digits = m.group(2)
        return m.group(1) + (b"20260101000000" + b"0" * len(digits))[:len(digits)] + m.group(3)
    pdf = re.sub(rb"(/CreationDate\s*\(D:)([0-9]+)([^)]*\))", same_date, pdf)
    # the random /ID zeroed first, then LibreOffice's /DocChecksum (over the content with its
    # export time) made again, then the /ID from all the rest
    pdf = re.sub(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)",
                 lambda m: m.group(1) + b"0" * len(m.group(2)) + m.group(3)
                 + b"0" * len(m.group(4)) + m.group(5), pdf)
    sums = re.search(rb"/DocChecksum\s*/([0-9A-Fa-f]+)", pdf)
    if sums:
        rest = pdf[:sums.start(1)] + pdf[sums.end(1):]
        digest = hashlib.md5(rest).hexdigest().upper().encode()
        pdf = pdf[:sums.start(1)] + digest[:sums.end(1) - sums.start(1)] + pdf[sums.end(1):]
    ids = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]", pdf)
    if ids:
        rest = pdf[:ids.start()] + pdf[ids.end():]
        digest = hashlib.md5(rest).hexdigest().upper().encode()
        for g in (2, 1):
            n = ids.end(g) - ids.start(g)
            pdf = pdf[:ids.start(g)] + (digest * 2)[:n] + pdf[ids.end(g):]
    return pdf


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "fixtures/word"
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for rep in REPORTS:
            src = os.path.join(tmp, rep["name"] + ".docx")
            build(rep, src)
            # a private profile keeps the export independent of the user's LibreOffice settings
            profile = "file://" + os.path.join(tmp, "profile")
            subprocess.run(["libreoffice", "-env:UserInstallation=" + profile, "--headless",
                            "--convert-to", "pdf", "--outdir", tmp, src],
                           check=True, stdout=subprocess.DEVNULL)
            with open(os.path.join(tmp, rep["name"] + ".pdf"), "rb") as f:
                pdf = steady(f.read())
            with open(os.path.join(out, rep["name"] + ".pdf"), "wb") as f:
                f.write(pdf)
            with open(os.path.join(out, rep["name"] + ".truth.json"), "w", encoding="utf-8") as f:
                json.dump(truth(rep), f, ensure_ascii=False, indent=1)
                f.write("\n")


if __name__ == "__main__":
    main()
