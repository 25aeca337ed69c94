#!/usr/bin/env bash
# Prints the ten slowest test classes of the last build, from the Surefire and Failsafe reports
# (target/surefire-reports, target/failsafe-reports: the time of each TEST-*.xml's testsuite).
# Informational: it exits 0 whatever it finds, also when there are no reports.
#
#   .ci/slowest-tests.sh [N]     # N classes, 10 by default
cd "$(dirname "$0")/.." || exit 0
n="${1:-10}"
shopt -s nullglob
reports=(target/surefire-reports/TEST-*.xml target/failsafe-reports/TEST-*.xml)
if [ ${#reports[@]} -eq 0 ]; then
  echo "slowest tests: no test reports under target/ (the tests did not run)"
  exit 0
fi
echo "slowest test classes (seconds, tests):"
for f in "${reports[@]}"; do
  # The first <testsuite ...> element: name="..." time="..." tests="..." in any order.
  head -c 4000 "$f" | tr '\n' ' ' | grep -o '<testsuite [^>]*>' | head -1 | awk -v file="$f" '
    {
      name = ""; time = ""; tests = "";
      if (match($0, / name="[^"]*"/)) name = substr($0, RSTART + 7, RLENGTH - 8);
      if (match($0, / time="[^"]*"/)) time = substr($0, RSTART + 7, RLENGTH - 8);
      if (match($0, / tests="[^"]*"/)) tests = substr($0, RSTART + 8, RLENGTH - 9);
      gsub(",", "", time);
      if (name == "") name = file;
      if (time != "") printf "%10.1f  %4s  %s\n", time, tests, name;
    }'
done | sort -rn | head -n "$n"
exit 0
