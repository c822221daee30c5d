#!/usr/bin/python3
"""Report fields (kind, year, organization) of titles as real archives print them, read from
small archived text dumps written here: one TAP line per case.  The PDF layouts (no cover,
a district-titled cover, a file that opens with its contents) are fixtures
(fixtures/budget-*.pdf); these are the title words and forms a fixture would not vary."""
import json
import os
import subprocess
import sys
import tempfile

FINREP = os.environ["FINREP"]

# A body paragraph long enough that the dump's usual line width is a page's, not a title's.
BODY = ("本部门主要职责是贯彻执行国家和本市有关法律法规和方针政策，拟订本领域发展规划并组织实施，"
        "统筹协调推进重点工作，承担市委、市政府交办的其他任务。\n") * 3

# (name, dump text, expected kind, year, organization)
CASES = [
    ("Xi'an 部门综合预算 is a 部门预算; the organisation stops before the kind words",
     "西安市教育局\n2025年部门综合预算\n\n一、部门主要职责\n" + BODY,
     "部门预算", 2025, "西安市教育局"),
    ("单位综合预算 is a 单位预算",
     "西安市第一中学2025年单位综合预算\n\n一、单位主要职责\n" + BODY,
     "单位预算", 2025, "西安市第一中学"),
    ("项目支出绩效目标表 names its kind",
     "2026年广州市天河区教育局项目支出绩效目标表\n\n一、项目概况\n" + BODY,
     "项目支出绩效目标表", 2026, "广州市天河区教育局"),
    ("部门整体支出绩效目标表 is the department's target form",
     "广州市天河区教育局2026年部门整体支出绩效目标表\n\n一、部门职责\n" + BODY,
     "部门整体预算绩效目标申报表", 2026, "广州市天河区教育局"),
    ("a 绩效目标申报表 with a 项目名称 row is a project's",
     "广州市天河区教育局2026年绩效目标申报表\n\n项目名称：校园安全提升工程\n主管部门：广州市天河区教育局\n\n一、项目概况\n" + BODY,
     "项目支出绩效目标表", 2026, "广州市天河区教育局"),
    ("a 绩效目标申报表 without one covers the department's whole budget",
     "广州市天河区教育局2026年绩效目标申报表\n\n部门名称：广州市天河区教育局\n\n一、部门职责\n" + BODY,
     "部门整体预算绩效目标申报表", 2026, "广州市天河区教育局"),
    ("a title naming a district and level takes the body from its label",
     "上海市普陀区2025年区级部门预算\n\n预算单位：上海市普陀区民政局\n\n一、部门主要职能\n" + BODY,
     "部门预算", 2025, "上海市普陀区民政局"),
    ("a title naming a district and level takes the body from the duties' first sentence",
     "上海市普陀区2025年区级部门预算\n\n一、部门主要职能\n上海市普陀区民政局是主管全区民政工作的区政府工作部门。\n" + BODY,
     "部门预算", 2025, "上海市普陀区民政局"),
    ("a file of tables with no title: kind, year and body from the running header that names the report",
     "\f".join("苏州市交通运输局2026年度部门预算公开\n\n公开0%d表\n收支总表\n单位：万元\n"
                "项目  预算数  项目  预算数\n一、一般公共预算收入  120.00  一、交通运输支出  120.00\n"
                "收入总计  120.00  支出总计  120.00\n\n- %d -\n" % (i, i) for i in (1, 2, 3)),
     "部门预算", 2026, "苏州市交通运输局"),
    ("本部门是… names no body, nor does a title of a place and a level: no organisation",
     "上海市普陀区2025年区级部门预算\n\n一、部门主要职能\n本部门是主管全区民政工作的区政府工作部门。\n" + BODY,
     "部门预算", 2025, None),
    ("a plain title stays as it was",
     "湖州市卫生健康委员会\n2026年部门预算\n\n一、部门主要职责\n" + BODY,
     "部门预算", 2026, "湖州市卫生健康委员会"),
]


def main():
    print(f"1..{len(CASES)}")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, text, kind, year, org) in enumerate(CASES, 1):
            path = os.path.join(tmp, f"case{n}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            run = subprocess.run([FINREP, "extract", path], capture_output=True, text=True)
            rep = (json.loads(run.stdout).get("report") or {}) if run.stdout else {}
            got = (rep.get("kind"), rep.get("year"), rep.get("organization"))
            ok = got == (kind, year, org)
            print(f"{'ok' if ok else 'not ok'} {n} - {name}")
            if not ok:
                failed += 1
                print(f"# got {got}, want {(kind, year, org)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
