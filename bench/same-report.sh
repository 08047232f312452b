#!/usr/bin/env bash
# Compares the page `deltagrad report` writes with a reference checkout's
# (the build of the main branch), byte for byte but for the time it was made,
# on every built-in and every fixture with the training fixtures, at fixed
# seeds: a change to how the page is put together must not change the page.
# Usage: bench/same-report.sh REFERENCE_ROOT [SEED...] where REFERENCE_ROOT is
# a built checkout. Each side runs in its own root, so paths print alike.
set -u -o pipefail
reference=$(cd "$1" && pwd)
shift
seeds=${*:-1 2}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The time the page was made is its only expected difference: the first ISO time on it.
undated() { sed -E '0,/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/s//(time)/' "$1"; }
targets="$(cd "$root" && find test/fixtures -name '*.yaml' | sort)"
differ=0
for seed in $seeds; do
  for side in root reference; do
    dir=${!side}
    # Every built-in (the default) first, then every fixture.
    (cd "$dir" && node bin/deltagrad.js report --seed "$seed" --runs 10 -o "$out/$side-builtins.html" --training test/fixtures/runs >/dev/null 2>&1
     # shellcheck disable=SC2086
     node bin/deltagrad.js report $targets --seed "$seed" --runs 10 -o "$out/$side-fixtures.html" --training test/fixtures/runs >/dev/null 2>&1)
  done
  for page in builtins fixtures; do
    if [ ! -s "$out/root-$page.html" ] || [ ! -s "$out/reference-$page.html" ]; then
      differ=$((differ + 1))
      echo "no page: report of the $page --seed $seed"
    elif ! cmp -s <(undated "$out/root-$page.html") <(undated "$out/reference-$page.html"); then
      differ=$((differ + 1))
      echo "differs: report of the $page --seed $seed"
    fi
  done
done
echo "$(( $(wc -w <<<"$seeds") * 2 )) pages compared, $differ differ"
[ "$differ" -eq 0 ]
