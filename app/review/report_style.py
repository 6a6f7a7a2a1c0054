"""How the HTML report looks: its one style sheet, with each role's colour.

Kept apart from the page's structure (``report_html``) so the look can change without
touching what the report says.
"""

from __future__ import annotations

from app.contrast import muted
from app.graph.roles import ROLE_ORDER, role_rank
from app.review.role_colors import ROLE_COLORS

# Colour classes, one per role: the window's colours (role_colors), as CSS.
_LEVEL_CLASS = {role: f"r{role_rank(role)}" for role in ROLE_ORDER}


def level_class(role: str) -> str:
    """The CSS class of a role's colour; "rc" for custom (and unknown) roles."""
    return _LEVEL_CLASS.get(role, "rc")

CSS = """
:root{--ink:#1f2430;--muted:#5d6575;--line:#dde1e8;--soft:#f5f6f8;--accent:#1d4e89}
*{box-sizing:border-box}
body{margin:0;background:#eef0f3;color:var(--ink);
 font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1360px;margin:0 auto;padding:20px 24px 48px}
header.top{background:#17233a;color:#fff;padding:22px 24px 18px}
header.top .in{max-width:1360px;margin:0 auto;padding:0 24px}
.eyebrow{text-transform:uppercase;letter-spacing:.12em;font-size:11px;color:#9fb3d1}
h1{font-size:24px;margin:4px 0 2px;font-weight:600}
.lede{color:#c9d4e5;margin:0 0 14px}
dl.meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:6px 24px;
 margin:0}
dl.meta div{min-width:0}
dl.meta dt{font-size:11px;text-transform:uppercase;letter-spacing:.08em;color:#9fb3d1}
dl.meta dd{margin:0;overflow-wrap:anywhere}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;
 font-weight:600}
.st-complete{background:#d8f0dd;color:#145a26}.st-partial{background:#ffe9b3;color:#6b4a00}
.st-bad{background:#f9d2d2;color:#7a1111}
nav.toc{display:flex;gap:10px;flex-wrap:wrap;margin:0 0 18px}
nav.toc a{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 14px;
 color:var(--ink);text-decoration:none;min-width:150px}
nav.toc b{display:block;font-size:20px;color:var(--accent)}
nav.toc span{font-size:12px;color:var(--muted)}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;
 margin:0 0 18px}
h2{font-size:18px;margin:0 0 4px}
h3{font-size:15px;margin:18px 0 2px}
p.note{color:var(--muted);margin:2px 0 10px}
.note .more{background:#e4e7ec}
.count{display:inline-block;min-width:22px;padding:0 7px;border-radius:10px;
 background:var(--soft);border:1px solid var(--line);font-size:12px;text-align:center;
 margin-left:6px;color:var(--muted);font-weight:600}
.count.hot{background:#fde2dc;border-color:#f3b3a6;color:#8a1c0a}
table{border-collapse:collapse;font-size:13px}
table.list{width:100%}
table.list th{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.06em;
 color:var(--muted);border-bottom:2px solid var(--line);padding:6px 8px}
table.list td,table.list tbody th{border-bottom:1px solid var(--line);padding:5px 8px;
 vertical-align:top}
table.list tbody th{text-align:left;font-weight:500;font-size:13px;text-transform:none;
 letter-spacing:0;color:var(--ink);border-bottom-width:1px;white-space:nowrap}
table.list tbody th .addr{display:block}
details{margin:14px 0 0}summary{cursor:pointer}summary h3{display:inline;margin:0}
details>p.note{margin-left:16px}details>table{margin-bottom:6px}
.ok{color:#145a26}
.addr{color:var(--muted);font-size:12px}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;margin:6px 0 4px;font-size:12px;
 color:var(--muted)}
.legend span.k{display:inline-block;min-width:64px;padding:2px 6px;border-radius:3px;
 text-align:center;margin-right:5px;font-weight:600}
.scroll{overflow:auto;max-height:78vh;width:fit-content;max-width:100%;
 border:1px solid var(--line);border-radius:4px}
table.grid th,table.grid td{border:1px solid #e6e8ec}
table.grid thead th{position:sticky;top:0;z-index:2;background:#f7f8fa;font-weight:600;
 font-size:12px;padding:6px 4px;vertical-align:bottom;text-align:center;min-width:76px;
 max-width:110px}
table.grid thead th.corner{left:0;z-index:3;text-align:left;min-width:230px;
 font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.06em}
table.grid tbody th{position:sticky;left:0;z-index:1;background:#fff;text-align:left;
 font-weight:500;padding:4px 8px;white-space:nowrap}
table.grid td{text-align:center;padding:4px 4px;font-size:12px;font-weight:600;
 white-space:nowrap}
table.grid tbody tr:hover th{background:#eef3fb}
.tag{display:inline-block;font-size:10px;font-weight:600;text-transform:uppercase;
 letter-spacing:.05em;padding:0 4px;border-radius:3px;margin-left:4px;vertical-align:1px}
.tag.out{background:#2b2f3a;color:#fff}.tag.all{background:#dfe6f1;color:#1d3b66}
.tag.warn{background:#ffe9b3;color:#6b4a00}
.chip{display:inline-block;padding:1px 7px;border-radius:10px;margin:1px 3px 1px 0;
 font-size:12px;white-space:nowrap}
.chip b{font-weight:600;margin-left:4px}
.r0{background:#fff;color:NONE_TEXT;box-shadow:inset 0 0 0 1px #d5d9e0}
.more{display:inline-block;font-size:10px;line-height:14px;padding:0 4px;margin-left:4px;
 border-radius:7px;background:rgba(255,255,255,.6);color:#1f2430;font-weight:600}
.kind{font-weight:600}.k-added{color:#0f6b2c}.k-removed{color:#a11a1a}
.k-changed{color:#1d4e89}
.arrow{color:var(--muted);padding:0 4px}
.cmd{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;background:var(--soft);
 border:1px solid var(--line);border-radius:3px;padding:0 4px;overflow-wrap:anywhere}
ul.problems{margin:6px 0 0;padding-left:18px}
footer{color:var(--muted);font-size:12px;text-align:center}
@media print{body{background:#fff}.scroll{max-height:none;overflow:visible;border:0}
 table.grid thead th,table.grid tbody th{position:static}section{break-inside:auto}
 header.top{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 td,.chip,.k{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""
# "none": quieter than the ink, still 4.5:1 on white (it was #8a909c, 3.21:1).
CSS = CSS.replace("NONE_TEXT", muted("#1f2430", "#ffffff"))
CSS += "".join(f".{level_class(role)}{{background:{background};color:{text}}}\n"
               for role, (background, text) in ROLE_COLORS.items())
