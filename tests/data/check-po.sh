#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails if po/LANG.po lacks any string of the current sources, or has a
# fuzzy one: extracts a fresh template, merges, and counts.

set -euo pipefail

src=$1
lang=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The keywords of meson's i18n 'glib' preset.
cd "$src"
grep -v '^#' po/POTFILES.in | sed '/^$/d' >"$tmp/files"
xgettext --from-code=UTF-8 --add-comments --files-from="$tmp/files" -o "$tmp/respite.pot" \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_strdup_printf:1:c-format --flag=g_set_error:4:c-format \
  --flag=g_printerr:1:c-format --flag=g_print:1:c-format

msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmp/respite.pot" -o "$tmp/merged.po"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/merged.po" 2>&1)
echo "$lang: $stats"

if grep -Eq 'untranslated|fuzzy' <<<"$stats"; then
  echo "Untranslated or fuzzy in po/$lang.po:"
  msgattrib --untranslated --only-fuzzy "$tmp/merged.po" 2>/dev/null | grep '^msgid' | head -20 || true
  msgattrib --untranslated "$tmp/merged.po" | grep '^msgid' | head -40
  exit 1
fi

# Obsolete entries are harmless, but a string in the sources that the
# template lost would mean POTFILES.in is missing a file.
missing=$(find src ui -name '*.c' -o -name '*.ui' | sort | xargs grep -lE '_\(|N_\(|C_\(|translatable="yes"' |
          grep -vxFf "$tmp/files" || true)
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES.in: $missing"
  exit 1
fi
