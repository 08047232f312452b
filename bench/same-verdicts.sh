#!/usr/bin/env bash
# Compares `verify --json` of this build with a reference CLI (the build of the
# main branch), byte for byte, on every built-in and every fixture at fixed
# seeds: an optimisation of the evaluator must not change a verdict, an error
# or a printed number. Usage: bench/same-verdicts.sh REFERENCE_CLI [SEED...]
# where REFERENCE_CLI is a script that runs the reference's main().
set -u -o pipefail
reference=$1
shift
seeds=${*:-1 2 3}
root=$(dirname "$0")/..
# Built-ins are reported with the absolute path of the checkout they come from.
same_root() { sed -E 's#"file": "[^"]*/derivations/#"file": "derivations/#'; }
targets="$(node "$root/bin/deltagrad.js" list --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).map(d=>d.name).join(" ")))') $(find "$root/test/fixtures" -name '*.yaml' | sort)"
differ=0
checked=0
for seed in $seeds; do
  for target in $targets; do
    ours=$(node "$root/bin/deltagrad.js" verify "$target" --json --seed "$seed" 2>&1 | same_root; echo "exit $?")
    theirs=$(node "$reference" verify "$target" --json --seed "$seed" 2>&1 | same_root; echo "exit $?")
    checked=$((checked + 1))
    if [ "$ours" != "$theirs" ]; then
      differ=$((differ + 1))
      echo "differs: $target --seed $seed"
    fi
  done
done
echo "$checked runs compared, $differ differ"
[ "$differ" -eq 0 ]
