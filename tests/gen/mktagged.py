#!/usr/bin/python3
"""Builds fixtures/seed-tagged.pdf and fixtures/seed-tagged-plain.pdf: the seed report's
indicator table (pages 7-8 of seed-report-baiyun-2022.pdf) in a Word document, exported by
LibreOffice as a *tagged* PDF; the first with the table's rules drawn, the second without any
(a borderless Word table), where only the structure tree (TABLE/TR/TD) says where the rows are.

The table's text is the seed's, cell by cell, with the same merged cells; the paragraphs
around it are short stand-ins, long enough that the table crosses a page break as in the
seed.  Usage: mktagged.py OUTDIR   (needs python3-docx and libreoffice-writer-nogui)
"""
import os
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

OUTPUT = "产出指标完成情况"
CAT_OUT = "履职效能-整体效能-部门整体绩效目标" + OUTPUT
CAT_EFF = "履职效能-整体效能-部门整体绩效目标效益指标完成情况"

# (category 3, name, target, actual, rate); the first two category levels are merged cells
# over the output rows (12) and the effect rows (2), as in the seed.
OUT_ROWS = [
    ("数量指标", "帮扶地区数", "1个", "1个", "100%"),
    ("数量指标", "加强组织领导", "1次", "1次", "100%"),
    ("数量指标", "帮助帮扶对象解决问题", "1个", "1个", "100%"),
    ("数量指标", "举办活动次数", "4次", "6次", "150%"),
    ("数量指标", "走访基层商会数", "23个", "31个", "135%"),
    ("数量指标", "走访企业数", "50家", "56家", "112%"),
    ("数量指标", "走访非公党组织个数", "10个", "12个", "100%"),
    ("数量指标", "租赁场地面积", "415.32平方米", "415.32平方米", "100%"),
    ("质量指标", "加强我区基层商会建设，打造商会特色服务品牌。", "有则得满分，否则酌情扣分",
     "人和镇商会等10家商会荣获市级“四好”商会。", "100%"),
    ("质量指标", "办公场地装修质量达标情况", "合格", "合格", "100%"),
    ("时效指标", "费用支付及时率", "100%", "100%", "100%"),
    ("时效指标", "支付费用及时率", "100%", "100%", "100%"),
]
EFF_ROWS = [
    ("经济效益", "强化社会发动",
     "商协会、企业、社会机构有筹集帮扶资金（物资）、或为贫困人口提供就业岗位、或为其解决其他实际问题，"
     "得满分；赴对口帮扶地区但没有为其解决实际问题，部分得分；以上均无，不得分。",
     "发起《“携手共建水族乡白云民企在行动”——支持贵州省荔波县水族乡板寨村乡村振兴事业倡议书》，"
     "发动各会员企业合计捐赠20万元。", "100%"),
    ("社会效益", "发挥企业党员先锋模范作用",
     "企业党员是否有助学、扶贫等积对社会产生积极行为；是否获得优秀共产党员、优秀党务工作者或先进"
     "党组织等荣誉称号。有则得满分，否则酌情减分。",
     "白云电器园等10个党组织荣获市级“双强六好”党组织；周林华等9名同志荣获市级党员先锋示范岗。", "100%"),
]

BODY = ("根据财政预算绩效管理要求，我部门组织对2022年度一般公共预算项目支出开展绩效自评，"
        "其中一级项目2个，二级项目11个，共涉及资金89.93万元，占一般公共预算项目支出总额的100%。")


def set_font(run, size, bold=False):
    run.font.size = Pt(size)
    run.bold = bold
    run.font.name = "Noto Serif CJK SC"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")


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


def build(path, ruled):
    doc = Document()
    para(doc, "2022年度广州市白云区工商业联合会部门整体支出绩效自评报告", 20, True, center=True)
    para(doc, "一、基本情况", 16, True)
    for _ in range(5):
        para(doc, BODY)
    para(doc, "二、综合评价分析", 16, True)
    para(doc, "从评价情况来看，我部门较好完成了2022年履行职能职责和各项重点工作任务。"
              "主要绩效目标完成情况见下表：")
    para(doc, "部门整体支出绩效指标完成情况统计表", 18, center=True)
    para(doc, "部门名称：广州市白云区工商业联合会", 12, indent=False)

    n_body = len(OUT_ROWS) + len(EFF_ROWS)
    t = doc.add_table(rows=2 + n_body, cols=7)
    if ruled:
        t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    r = t.rows
    head = r[0].cells[0].merge(r[1].cells[3])
    cell_text(head, "自评指标", True)
    cell_text(r[0].cells[4], "根据《部门预算绩效目标申报表》填列", True)
    cell_text(r[1].cells[4], "年度目标值", True)
    cell_text(r[0].cells[5].merge(r[1].cells[5]), "年度实现值", True)
    cell_text(r[0].cells[6].merge(r[1].cells[6]), "指标完成率", True)

    def block(first, rows, cat1, cat2):
        last = first + len(rows) - 1
        cell_text(t.cell(first, 0).merge(t.cell(last, 0)), cat1)
        cell_text(t.cell(first, 1).merge(t.cell(last, 1)), cat2)
        i = 0
        while i < len(rows):
            j = i
            while j + 1 < len(rows) and rows[j + 1][0] == rows[i][0]:
                j += 1
            cell_text(t.cell(first + i, 2).merge(t.cell(first + j, 2)), rows[i][0])
            i = j + 1
        for k, (_, name, target, actual, rate) in enumerate(rows):
            for c, text in zip((3, 4, 5, 6), (name, target, actual, rate)):
                cell_text(t.cell(first + k, c), text)

    # the seed's column widths, in points (LibreOffice reads the grid, Word the cells)
    t.autofit = False
    for i, width in enumerate((57, 47, 42, 84, 97, 97, 40)):
        t.columns[i].width = Pt(width)
        for cell in t.columns[i].cells:
            cell.width = Pt(width)

    block(2, OUT_ROWS, CAT_OUT, "产出指标（分值20）")
    block(2 + len(OUT_ROWS), EFF_ROWS, CAT_EFF, "效益指标（分值20）")

    para(doc, "从评价情况来看，预算编制、执行及使用效益情况均达到了预期的绩效目标。"
              "部门整体支出绩效自评分为99.5分。")
    para(doc, "三、存在的主要问题", 16, True)
    para(doc, "一是因疫情影响，部分活动计划受一定影响；二是培训形式单一。")
    doc.save(path)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "fixtures"
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, ruled in (("seed-tagged", True), ("seed-tagged-plain", False)):
            src = os.path.join(tmp, name + ".docx")
            build(src, ruled)
            # a private profile keeps the export independent of the user's LibreOffice settings
            profile = "file://" + os.path.join(tmp, "profile")
            fmt = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
            subprocess.run(["libreoffice", "-env:UserInstallation=" + profile, "--headless",
                            "--convert-to", fmt, "--outdir", tmp, src],
                           check=True, stdout=subprocess.DEVNULL)
            shutil.copy(os.path.join(tmp, name + ".pdf"), os.path.join(out, name + ".pdf"))


if __name__ == "__main__":
    main()
