"""The HTML report's stylesheet, inlined in the page: light and dark, phone and print."""

STYLE = """
:root {
  color-scheme: light dark;
  --fg: #1b1b1b; --bg: #ffffff; --muted: #555; --rule: #d0d0d0; --accent: #1f5fa8;
  --bar: #8aa9cc; --pick: #1f5fa8; --faint: #c9c9c9; --note-bg: #fff6dc; --note-rule: #d9a400;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e8e8e8; --bg: #161616; --muted: #aaa; --rule: #444; --accent: #8cc1ff;
    --bar: #4f6f94; --pick: #8cc1ff; --faint: #555; --note-bg: #3a3115; --note-rule: #b68a00;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 48rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.3rem; }
p, li, td, th, figcaption { overflow-wrap: break-word; }
a { color: var(--accent); overflow-wrap: anywhere; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
pre {
  white-space: pre-wrap; overflow-wrap: anywhere; padding: 0.75rem;
  border: 1px solid var(--rule); border-radius: 4px;
}
.meta, .muted, figcaption, .legend { color: var(--muted); }
.disclaimer, .notice {
  background: var(--note-bg); border-left: 4px solid var(--note-rule); padding: 0.5rem 0.75rem;
}
.headline { font-size: 1.15rem; }
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
svg.chart { display: block; width: 100%; overflow: visible; }
svg.chart text { fill: var(--fg); font-size: 13px; font-family: inherit; }
svg.chart .value { fill: var(--bar); }
svg.chart .pick .value { fill: var(--pick); }
svg.chart .unmatched .value, svg.chart .held .value { fill: var(--faint); }
svg.chart .pick text { font-weight: 700; }
svg.chart .start { stroke: var(--muted); stroke-dasharray: 3 3; stroke-width: 1; }
svg.chart .track { fill: none; stroke: var(--rule); stroke-width: 1; }
@media (max-width: 30rem) {
  main { padding: 0.75rem 0.6rem 2rem; }
  h1 { font-size: 1.35rem; }
  th, td { padding: 0.3rem 0.3rem; font-size: 0.95rem; }
}
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #333; --rule: #999; --accent: #000;
          --bar: #888; --pick: #000; --faint: #ccc; --note-bg: #fff; --note-rule: #000; }
  @page { margin: 15mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li, figure, pre, .notice { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  a { text-decoration: none; }
  svg.chart * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
