#!/bin/sh
# cppcheck over finrep's C sources with a fixed check set; any finding fails.
#
# Enabled: warning, style, performance, portability (errors are always on).  GLib's macros come
# from cppcheck's gtk.cfg and tests/cppcheck.cfg.  Suppressed: unusedStructMember, which
# cppcheck 2.10 reports for the members of anonymous-struct tables read in loops
# (normalize/*.c's unit and rule tables).  unusedFunction is off: the library's API is used
# by the fuzzers and through g_autoptr, which it cannot see.
set -eu
src=${G_TEST_SRCDIR:?}/..
if ! command -v cppcheck >/dev/null; then
    echo "cppcheck is not installed (scripts/setup installs it)"
    exit 77
fi
cd "$src"
exec cppcheck --quiet --error-exitcode=1 --std=c11 --inline-suppr \
    --library=gtk --library=tests/cppcheck.cfg \
    --enable=warning,style,performance,portability \
    --suppress=unusedStructMember \
    -I extract -I normalize -I normalize/stages -I cmd -I output -I tests/fuzz \
    extract normalize cmd output tests
