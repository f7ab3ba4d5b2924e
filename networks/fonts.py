"""The CJK font the SVG and PNG pictures are drawn with, found through fontconfig.

Chinese labels need a font with CJK glyphs; matplotlib's default (DejaVu Sans) has
none and draws boxes. :func:`cjk_font` asks fontconfig (``fc-match``) for a font
covering Chinese (Debian: ``fonts-noto-cjk``, Noto Sans CJK SC), registers its file
with matplotlib and returns its family name. No such font is an environment problem,
reported with what to install.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

from mskg.errors import MskgError

#: families tried in order before asking fontconfig for any font covering Chinese
PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback")
#: what SVG text asks the viewer for: the found family first, then common CJK fonts
SVG_FALLBACKS = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei",
                 "sans-serif")


class FontError(MskgError):
    """No font with Chinese glyphs is installed."""

    exit_code = 3


def _fc_match(pattern: str) -> tuple[str, str] | None:
    exe = shutil.which("fc-match")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "-f", "%{file}\t%{family[0]}\t%{lang}", pattern], capture_output=True, text=True,
                             timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("\t")
    if len(parts) < 3 or not parts[0] or not Path(parts[0]).is_file():
        return None
    langs = set(parts[2].split("|"))
    if not langs & {"zh-cn", "zh-tw", "zh-hk", "zh-sg", "zh-mo"}:
        return None  # fontconfig fell back to a font without Chinese glyphs
    return parts[0], parts[1]


@cache
def cjk_font() -> str:
    """The family name of an installed CJK font, registered with matplotlib.

    :raises FontError: no font with Chinese glyphs is installed (exit code 3).
    """
    from matplotlib import font_manager

    for pattern in [f"{family}:lang=zh-cn" for family in PREFERRED] + [":lang=zh-cn"]:
        found = _fc_match(pattern)
        if found:
            path, family = found
            font_manager.fontManager.addfont(path)
            # a .ttc holds several faces; matplotlib registers the first and names it
            return font_manager.FontProperties(fname=path).get_name()
    raise FontError(
        "no font with Chinese glyphs found by fontconfig; install one, e.g. "
        "`apt-get install fonts-noto-cjk` (scripts/system-deps.sh does it)"
    )
