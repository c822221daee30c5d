#!/usr/bin/python3
"""Records and clean text are UTF-8, and whole, whatever the input and its name hold.

A path is a string of bytes, and old archives hold Latin-1 and GBK names.  finrep records the
path as given, but the record must still be UTF-8 JSON: each byte that is not UTF-8 becomes
U+FFFD, the rest of the name is kept.  A NUL inside a text dump's line loses nothing after
it.  (Both found by tests/fuzz/fuzz-record.)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

FINREP = os.environ["FINREP"]
SRCDIR = os.environ["G_TEST_SRCDIR"]
SEED = os.path.join(os.path.dirname(SRCDIR), "samples", "seed-report-baiyun-2022.txt")

# a Latin-1 é and a GBK 报告 (B1 A8 B8 E6): neither is UTF-8
NAMES = [b"r\xe9port-2022.txt", b"\xb1\xa8\xb8\xe6.txt"]

tests = []


def test(fn):
    tests.append(fn)
    return fn


def extract(path):
    run = subprocess.run([os.fsencode(FINREP), b"extract", b"-c", path], capture_output=True)
    text = run.stdout.decode("utf-8")   # raises on invalid UTF-8: that is the failure
    return run.returncode, json.loads(text)


def want_path(path):
    return path.decode("utf-8", errors="replace")


@test
def ok_record_of_a_non_utf8_name(tmp):
    for name in NAMES:
        path = os.path.join(tmp, name)
        shutil.copyfile(SEED, path)
        code, rec = extract(path)
        if code != 0 or rec["status"] != "ok":
            return False, f"{name!r}: exit {code}, status {rec['status']}"
        if rec["source"]["path"] != want_path(path):
            return False, f"{name!r}: path {rec['source']['path']!r}, want {want_path(path)!r}"
    return True, ""


@test
def error_record_of_a_non_utf8_name(tmp):
    for name in NAMES:
        path = os.path.join(tmp, b"missing-" + name)
        code, rec = extract(path)
        if code != 1 or rec["error"]["code"] != "not_found":
            return False, f"{name!r}: exit {code}, error {rec['error']}"
        if rec["source"]["path"] != want_path(path):
            return False, f"{name!r}: path {rec['source']['path']!r}, want {want_path(path)!r}"
    return True, ""


@test
def several_records_one_line_each(tmp):
    paths = []
    for name in NAMES:
        path = os.path.join(tmp, b"copy-" + name)
        shutil.copyfile(SEED, path)
        paths.append(path)
    run = subprocess.run([os.fsencode(FINREP), b"extract"] + paths, capture_output=True)
    lines = run.stdout.decode("utf-8").splitlines()
    got = [json.loads(line)["source"]["path"] for line in lines]
    want = [want_path(p) for p in paths]
    return got == want, f"paths {got}, want {want}"


@test
def nul_in_a_dump_loses_nothing_after_it(tmp):
    # GB18030, and the NUL past the first 64 KiB that finrep samples to tell text from binary
    with open(SEED, encoding="utf-8") as f:
        seed = f.read()
    data = (seed * 9).encode("gb18030")
    data += "\n\n五、前文".encode("gb18030") + b"\0" + "后文结束。".encode("gb18030") + b"\n"
    path = os.path.join(tmp, b"nul.txt")
    with open(path, "wb") as f:
        f.write(data)
    run = subprocess.run([os.fsencode(FINREP), b"text", path], capture_output=True)
    text = run.stdout.decode("utf-8")
    ok = run.returncode == 0 and "前文" in text and "后文结束。" in text
    return ok, f"exit {run.returncode}; the text around the NUL is not all there"


def main():
    print(f"1..{len(tests)}")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = os.fsencode(tmp)
        for i, fn in enumerate(tests, 1):
            try:
                ok, msg = fn(tmp)
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                ok, msg = False, f"output is not UTF-8 JSON: {e}"
            print(f"{'ok' if ok else 'not ok'} {i} - {fn.__name__.replace('_', ' ')}")
            if not ok:
                failed += 1
                print(f"# {msg}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
