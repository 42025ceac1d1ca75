#!/usr/bin/env bash
# Fetches the corpus's documents into a directory (never into the project: their text is not ours), each at the
# commit its facts were checked against, for CorpusScoreTest:
#   bash harness/src/test/resources/corpus/fetch.sh /tmp/corpus
#   LABCHECK_CORPUS=/tmp/corpus mvn -pl harness test -Dtest=CorpusScoreTest
set -euo pipefail
out=${1:?usage: fetch.sh <directory to save the documents in>}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for facts in "$here"/[a-z][0-9][0-9].json; do
  id=$(basename "$facts" .json)
  field() { grep -o "\"$1\": *\"[^\"]*\"" "$facts" | head -1 | sed 's/.*: *"\(.*\)"/\1/'; }
  repo=$(field repo); path=$(field path); commit=$(field commit)
  ext=${path##*.}; [ "$ext" = "$path" ] && ext=md
  git init -q "$work/$id"
  git -C "$work/$id" fetch -q --depth 1 "${CORPUS_GIT_BASE:-https://github.com}/$repo.git" "$commit" \
    || { echo "$id: cannot fetch $repo at $commit" >&2; continue; }
  git -C "$work/$id" show "$commit:$path" > "$out/$id.$ext"
  echo "$id: $repo $path ($(wc -l < "$out/$id.$ext") lines)"
done
