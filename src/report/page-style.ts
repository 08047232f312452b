// The page's own stylesheet. Wrong things are red and boxed so that they are
// seen at a glance; verified things stay quiet.
export const PAGE_CSS = `
:root { --ok: #1b7f3b; --bad: #c62828; --bad-bg: #fdecea; --line: #d9dce1; --muted: #5f6670; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 64px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2127; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 0 0 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
h4 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 4px 0; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f3f4f6; padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
.meta, .note, .figure, .at, .title { color: var(--muted); font-size: 13px; }
.mark { font-weight: 700; }
.mark.ok { color: var(--ok); }
.mark.bad, td.diverged { color: var(--bad); }
.mark.skip { color: var(--muted); }
.banner { border: 2px solid var(--bad); background: var(--bad-bg); padding: 10px 14px; border-radius: 6px; margin: 16px 0; }
.banner.ok { border-color: var(--ok); background: #e9f6ee; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: middle; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.summary td:nth-child(2), table.summary td:last-child { white-space: nowrap; }
table.summary tr.wrong, table.summary tr.malformed { background: var(--bad-bg); }
table.summary tr.wrong td:first-child, table.summary tr.malformed td:first-child { box-shadow: inset 4px 0 var(--bad); }
section.derivation { border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 28px 0; }
section.derivation.wrong, section.derivation.malformed { border: 2px solid var(--bad); }
.description { margin: 8px 0; }
.forward { padding-left: 12px; border-left: 3px solid var(--line); }
.gradient { margin-top: 8px; }
table.claims th { width: 120px; white-space: nowrap; font-weight: 600; font-size: 13px; color: var(--muted); }
table.claims td.tex { overflow-x: auto; max-width: 0; width: 100%; }
table.claims td.figure { white-space: nowrap; text-align: right; }
table.claims tr.skipped td.figure { white-space: normal; }
table.claims tr.wrong td, table.claims tr.wrong th { background: #fff6f5; }
table.claims tr.failed td, table.claims tr.failed th { background: var(--bad-bg); }
table.claims tr.failed th { box-shadow: inset 5px 0 var(--bad); color: var(--bad); }
.badge { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 10px; background: var(--bad); color: #fff; font-size: 11px; text-transform: uppercase; }
tr.failed-detail > td { background: var(--bad-bg); padding: 0 10px 10px; }
.counterexample { border-left: 5px solid var(--bad); padding: 8px 14px; background: #fff; }
.counterexample .why strong { color: var(--bad); }
.counterexample .values { display: flex; flex-wrap: wrap; gap: 8px 28px; align-items: center; margin: 6px 0; }
.malformed-error { border-left: 5px solid var(--bad); background: var(--bad-bg); padding: 8px 14px; }
.beside { display: grid; grid-template-columns: 1fr; gap: 8px; }
.katex-display { margin: 4px 0; }
.katex-display > .katex { text-align: left; padding-left: 8px; white-space: normal; }
code.katex-error { color: var(--bad); border: 1px dashed var(--bad); }
.figures { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; }
table.per-class td.worst { color: var(--bad); font-weight: 600; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
`;
