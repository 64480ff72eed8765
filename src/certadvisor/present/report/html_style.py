"""The HTML report's stylesheet, inlined in the page: light and dark, phone and print.

The pick and its confidence are the largest type on the page; the disclaimer is small print,
present but never louder than the answer. Print keeps the chart with its heading on one page."""

STYLE = """
:root {
  color-scheme: light dark;
  --fg: #1b1b1b; --bg: #ffffff; --muted: #5a5a5a; --rule: #d0d0d0; --accent: #1f5fa8;
  --bar: #8aa9cc; --pick: #1f5fa8; --faint: #c9c9c9; --note-bg: #fff6dc; --note-rule: #d9a400;
  --hero-bg: #f2f6fb; --good: #1d6b36; --warn: #8a5a00;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e8e8e8; --bg: #161616; --muted: #aaa; --rule: #444; --accent: #8cc1ff;
    --bar: #4f6f94; --pick: #8cc1ff; --faint: #555; --note-bg: #3a3115; --note-rule: #b68a00;
    --hero-bg: #1e2633; --good: #7fd49b; --warn: #f0c060;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 48rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.3rem; }
p, li, td, th, dd, dt, figcaption { overflow-wrap: break-word; }
a { color: var(--accent); overflow-wrap: anywhere; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
pre {
  white-space: pre-wrap; overflow-wrap: anywhere; padding: 0.75rem;
  border: 1px solid var(--rule); border-radius: 4px;
}
.muted, figcaption, .legend { color: var(--muted); }
.hero {
  background: var(--hero-bg); border-radius: 10px; padding: 1.1rem 1.25rem 0.9rem; margin: 0.5rem 0 0;
}
.brand {
  margin: 0; font-size: 0.8rem; letter-spacing: 0.06em; text-transform: uppercase; color: var(--muted);
}
h1 { margin: 0.3rem 0 0; line-height: 1.1; }
.pick-label { display: block; font-size: 1.05rem; font-weight: 600; color: var(--muted); }
.pick-code {
  display: block; font-size: 3.2rem; font-weight: 800; color: var(--accent); letter-spacing: 0.01em;
}
.pick-name { margin: 0.1rem 0 0.6rem; font-size: 1.45rem; font-weight: 600; line-height: 1.25; }
.pick-confidence { margin: 0 0 0.6rem; font-size: 1.4rem; }
.pick-confidence strong { color: var(--good); }
.confidence-medium strong, .confidence-low strong { color: var(--warn); }
.pick-confidence .lead { color: var(--muted); font-size: 0.85em; }
.pick-summary { margin: 0 0 0.6rem; }
.confidence-notes { margin: 0 0 0.6rem; padding-left: 1.2rem; }
.notice {
  background: var(--note-bg); border-left: 4px solid var(--note-rule); padding: 0.5rem 0.75rem;
}
.meta, .disclaimer { margin: 0.4rem 0 0; font-size: 0.8rem; line-height: 1.4; color: var(--muted); }
dl.in-short {
  display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.35rem 1rem; margin: 0;
}
dl.in-short dt { font-weight: 600; }
dl.in-short dd { margin: 0; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; }
th, td {
  text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--rule);
}
thead th { border-bottom: 2px solid var(--rule); }
th[scope="row"] { font-weight: 600; }
.points { display: inline-block; min-width: 2.6em; font-variant-numeric: tabular-nums; font-weight: 600; }
.rule { color: var(--muted); font-size: 0.8em; }
.cite a { text-decoration: none; }
figure { margin: 1rem 0; }
.chart-figure h2 { margin-top: 0; }
svg.chart { display: block; width: 100%; overflow: visible; margin-top: 0.6rem; }
svg.chart text { fill: var(--fg); font-size: 14px; font-family: inherit; }
svg.chart .value { fill: var(--bar); }
svg.chart .pick .value { fill: var(--pick); }
svg.chart .pick text { font-weight: 700; }
svg.chart .start { stroke: var(--muted); stroke-dasharray: 3 3; stroke-width: 1; }
svg.chart .track { fill: none; stroke: var(--rule); stroke-width: 1; }
.grouped { margin: 0.6rem 0 0.3rem; }
/* A fact that is a list with no label of its own: its items take the place of its bullet. */
ul.hiring > li:has(> ul:first-child) { list-style: none; }
ul.hiring > li > ul:first-child { padding-left: 0; }
figcaption { font-size: 0.9rem; }
@media (max-width: 30rem) {
  main { padding: 0.75rem 0.6rem 2rem; }
  .hero { padding: 0.9rem 0.9rem 0.75rem; }
  .pick-code { font-size: 2.7rem; }
  .pick-name { font-size: 1.25rem; }
  .pick-confidence { font-size: 1.25rem; }
  h2 { font-size: 1.15rem; }
  dl.in-short { grid-template-columns: minmax(0, 1fr); gap: 0; }
  dl.in-short dd { margin-bottom: 0.45rem; }
  th, td { padding: 0.3rem 0.3rem; font-size: 0.95rem; }
}
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #333; --rule: #999; --accent: #000; --hero-bg: #fff;
          --bar: #888; --pick: #000; --faint: #ccc; --note-bg: #fff; --note-rule: #000;
          --good: #000; --warn: #000; }
  @page { margin: 15mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .hero { padding: 0 0 0.5rem; border-bottom: 2px solid #000; border-radius: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li, dt, dd, pre, .notice, .hero { break-inside: avoid; page-break-inside: avoid; }
  figure.chart-figure { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  a { text-decoration: none; }
  svg.chart * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
