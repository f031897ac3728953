#!/usr/bin/env python3
"""Builds the console's UI font files: Noto Sans CJK SC cut down to the characters of the
renderer's own text and of the bundled reference data, and a small file for the wall's charts.

The browser otherwise fetches the bundled Noto Sans SC in about a hundred unicode-range files per
weight, and the wall's titles, town names and type names need some twenty of them per weight at
start-up. Each file that arrives makes the page lay out its text again. Two files that hold
those characters let the wall draw its first frame in the right font after two requests.
Characters outside them (alert titles, other counties' names) still come from the
unicode-range files, because the faces written here only claim the characters they contain.

The charts wait for their font before they draw. So their text (digits, Latin letters and the
bundled county's town names) also has a file of its own in the normal weight, some 24 KB. It is
declared last, so it serves those characters everywhere.

Needs Debian's fonts-noto-cjk, python3-fonttools and python3-brotli. Run it from the repository
root after adding UI text or reference data, and commit its output:

    /usr/bin/python3 scripts/fonts/subset-ui-font.py

tests/renderer/ui-font.test.ts fails when the renderer uses a character the files lack.
"""
import os
import subprocess
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

FONT_DIR = '/usr/share/fonts/opentype/noto'
WEIGHTS = {400: 'NotoSansCJK-Regular.ttc', 700: 'NotoSansCJK-Bold.ttc'}
FAMILY_IN_COLLECTION = 'Noto Sans CJK SC'
OUT_DIR = 'src-renderer/src/shared/fonts'
SOURCE_DIRS = ['src-renderer/src', 'src-shared']
SOURCE_EXTENSIONS = ('.ts', '.vue', '.css')
DATA_FILES = [
    'resources/data/luotian-421123-divisions.csv',
    'resources/data/gbt31000-codes.csv',
]
DIVISIONS = 'resources/data/luotian-421123-divisions.csv'
# Printable ASCII, for numbers, codes and English text beside the Chinese.
ASCII = {chr(code) for code in range(0x20, 0x7F)}
# Characters the charts draw beside town names: the ellipsis of a truncated name, the label of
# alerts without a town and the label of the bar for the remaining towns (messages.ts,
# 'town.unknown' and 'town.others').
CHART_EXTRA = '\u2026\u672a\u77e5\u4e61\u9547\u5176\u4f59\u4e2a'


def text_characters():
    found = set(ASCII)
    paths = list(DATA_FILES)
    for root in SOURCE_DIRS:
        for folder, _, names in os.walk(root):
            paths.extend(
                os.path.join(folder, name)
                for name in names
                if name.endswith(SOURCE_EXTENSIONS)
            )
    for path in paths:
        with open(path, encoding='utf-8') as handle:
            found.update(c for c in handle.read() if ord(c) > 0x7E)
    return found


def chart_characters():
    found = set(ASCII) | set(CHART_EXTRA)
    with open(DIVISIONS, encoding='utf-8') as handle:
        for line in handle.read().splitlines()[1:]:
            fields = line.split(',')
            if len(fields) >= 3 and fields[1] == 'town':
                found.update(fields[2])
    return found


def write_subset(path, index, codes, out):
    options = subset.Options()
    options.flavor = 'woff2'
    options.font_number = index
    # Every name record stays, among them the copyright and the SIL Open Font License notice
    # (name IDs 0, 13 and 14) that the license asks each copy to carry.
    options.name_IDs = ['*']
    options.name_languages = ['*']
    font = subset.load_font(path, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    subset.save_font(font, out, options)
    print(f'{out}: {len(codes)} characters, {os.path.getsize(out)} bytes')


def face_index(collection_path):
    collection = TTCollection(collection_path, lazy=True)
    for index, font in enumerate(collection.fonts):
        if font['name'].getDebugName(1) == FAMILY_IN_COLLECTION:
            return index, font.getBestCmap()
    sys.exit(f'{collection_path} has no face named {FAMILY_IN_COLLECTION}')


def ranges(codes):
    """Joins sorted code points into CSS unicode-range items such as U+4E00-4E03."""
    items = []
    start = previous = None
    for code in sorted(codes):
        if previous is not None and code == previous + 1:
            previous = code
            continue
        if start is not None:
            items.append((start, previous))
        start = previous = code
    if start is not None:
        items.append((start, previous))
    return ', '.join(
        f'U+{a:X}' if a == b else f'U+{a:X}-{b:X}' for a, b in items
    )


def main():
    ui_codes = {ord(c) for c in text_characters()}
    chart = {ord(c) for c in chart_characters()}
    faces = []
    for weight, file_name in WEIGHTS.items():
        path = os.path.join(FONT_DIR, file_name)
        index, cmap = face_index(path)
        # The normal weight leaves the charts' characters to their own file: document.fonts.load
        # and check consider every face whose range contains a character of the text, so with an
        # overlap a chart would wait for this large file as well.
        claimed_elsewhere = chart if weight == 400 else set()
        codes = sorted(
            code for code in ui_codes if code in cmap and code not in claimed_elsewhere
        )
        write_subset(path, index, codes, os.path.join(OUT_DIR, f'ui-{weight}.woff2'))
        faces.append((f'ui-{weight}', weight, codes))
    path = os.path.join(FONT_DIR, WEIGHTS[400])
    index, cmap = face_index(path)
    codes = sorted(code for code in chart if code in cmap)
    write_subset(path, index, codes, os.path.join(OUT_DIR, 'chart-400.woff2'))
    faces.append(('chart-400', 400, codes))

    css = [
        '/* Generated by scripts/fonts/subset-ui-font.py; do not edit. The UI\'s own characters in',
        '   two files and the charts\' characters in a third, declared after the bundled Noto Sans SC',
        '   faces so that each takes precedence for exactly its characters, the last one first.',
        '   Noto Sans CJK SC 2.004, SIL Open Font License 1.1. */',
    ]
    for name, weight, codes in faces:
        css += [
            '@font-face {',
            "  font-family: 'Noto Sans SC';",
            '  font-style: normal;',
            '  font-display: swap;',
            f'  font-weight: {weight};',
            f"  src: url('./{name}.woff2') format('woff2');",
            f'  unicode-range: {ranges(codes)};',
            '}',
        ]
    faces_path = os.path.join(OUT_DIR, 'ui-faces.css')
    with open(faces_path, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(css) + '\n')

    # The same characters by weight, for the build step that takes them out of the bundled
    # font's own faces (src-renderer/font-ranges.ts).
    claims = {}
    for _, weight, codes in faces:
        claims.setdefault(weight, set()).update(codes)
    lines = [
        '// Generated by scripts/fonts/subset-ui-font.py; do not edit.',
        '/** Characters that the UI font files serve, by weight, as CSS unicode-range lists. */',
        'export const UI_FONT_CLAIMS: Readonly<Record<number, string>> = {',
    ]
    for weight in sorted(claims):
        lines.append(f"  {weight}:\n    '{ranges(claims[weight])}',")
    lines.append('};')
    claims_path = os.path.join(OUT_DIR, 'ui-claims.ts')
    with open(claims_path, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(lines) + '\n')
    # The repository's formatter decides the layout of the generated module.
    subprocess.run(
        ['npx', 'prettier', '--write', faces_path, claims_path], check=True
    )


if __name__ == '__main__':
    main()
