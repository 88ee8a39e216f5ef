/** The dashboard's stylesheet, served from /assets/dashboard.css (no external fonts or CDNs). */
export const DASHBOARD_CSS = `
/* Colours meet WCAG AA contrast (4.5:1) for small text, white on the badges included. */
:root{--bg:#f4f6f9;--panel:#fff;--ink:#1f2937;--muted:#4b5563;--line:#e5e7eb;--accent:#1d4ed8;
--high:#15803d;--good:#0f766e;--moderate:#b45309;--poor:#c2410c;--bad:#b91c1c;--ok:#15803d;--warn:#b45309}
@media (prefers-color-scheme:dark){:root{--bg:#0f141b;--panel:#171d26;--ink:#e5e7eb;--muted:#9aa3af;--line:#2a3240;--accent:#93c5fd}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,sans-serif}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.muted{color:var(--muted)}.small{font-size:12px}
.top{display:flex;align-items:center;gap:16px;padding:12px 24px;background:#111827;color:#f9fafb;flex-wrap:wrap}
.top h1{font-size:17px;margin:0;font-weight:600}.top h1 span{color:#9ca3af;font-weight:400}
.top .meta{color:#9ca3af;font-size:12px}.top form{margin-left:auto}
.top input{background:#1f2937;border:1px solid #374151;color:#f9fafb;border-radius:6px;padding:5px 8px;width:300px}
.pill{display:inline-flex;align-items:center;gap:6px;padding:2px 10px;border-radius:999px;font-size:12px;background:#374151}
.pill::before{content:"";width:8px;height:8px;border-radius:50%;background:#9ca3af}
.pill.on::before{background:#22c55e;box-shadow:0 0 0 3px rgba(34,197,94,.25)}.pill.off::before{background:#f59e0b}
main{padding:20px 24px;max-width:1400px;margin:0 auto}
section.panel{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:14px 18px;margin-bottom:18px}
section.panel>h2{font-size:15px;margin:0 0 10px;display:flex;gap:8px;align-items:baseline}
section.panel>h2 small,h3 small{font-weight:400;color:var(--muted);font-size:12px}
h3{font-size:14px;margin:4px 0 8px}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px}@media (max-width:1000px){.grid2{grid-template-columns:minmax(0,1fr)}}
.grid2>*,.split>*{min-width:0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:14px}
.card{border:1px solid var(--line);border-radius:10px;padding:12px 14px;background:var(--panel)}
.card header{display:flex;justify-content:space-between;align-items:center}.card h3{margin:0;font-size:15px}
.card p{margin:6px 0}
.health{font-weight:600;font-size:12px;padding:2px 10px;border-radius:999px;color:#fff}
.health.high{background:var(--high)}.health.good{background:var(--good)}.health.moderate{background:var(--moderate)}
.health.poor{background:var(--poor)}.health.bad{background:var(--bad)}
.metrics{color:var(--muted);font-size:12px}
.slots{display:flex;flex-wrap:wrap;gap:4px;margin:8px 0 2px}
.slots i{width:18px;height:18px;border-radius:4px;border:2px solid var(--accent)}
.slots i.busy{background:var(--accent)}.slots i.closed{border-color:var(--line);background:repeating-linear-gradient(45deg,var(--line) 0 3px,transparent 3px 6px)}
.slotbar{position:relative;height:14px;border-radius:7px;background:var(--line);margin:8px 0 2px;overflow:hidden}
.slotbar span{position:absolute;left:0;top:0;bottom:0}.slotbar .cap{background:rgba(37,99,235,.3)}.slotbar .busy{background:var(--accent)}
.tiles{display:grid;grid-template-columns:repeat(5,1fr);gap:6px;margin:10px 0 6px}
.tile{background:var(--bg);border-radius:8px;padding:6px 4px;text-align:center}
.tile dd{margin:0;font-size:20px;font-weight:650;font-variant-numeric:tabular-nums}.tile dt{font-size:11px;color:var(--muted)}
.tile.ok dd{color:var(--ok)}.tile.bad dd{color:var(--bad)}.tile.warn dd{color:var(--warn)}
.why{font-size:12.5px;background:var(--bg);border-left:3px solid var(--accent);padding:6px 8px;border-radius:4px}
.why small{color:var(--muted)}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:18px}@media (max-width:1000px){.charts{grid-template-columns:1fr}}
.chart{margin:0}.chart figcaption{font-weight:600;margin-bottom:4px}.chart figcaption small{font-weight:400;color:var(--muted)}
.chart svg{width:100%;height:auto;display:block}
.chart .grid{stroke:var(--line);stroke-width:1}.chart .tick{fill:var(--muted);font-size:10px}
.chart .line{fill:none;stroke-width:2;stroke-linejoin:round}.chart .empty{fill:var(--muted);font-size:12px}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;color:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}.legend b{color:var(--ink)}
.job{margin:8px 0}.jobhead{display:flex;justify-content:space-between;font-size:13px;gap:10px}.jobhead span{color:var(--muted)}
.progress{height:10px;border-radius:5px;background:var(--line);display:flex;overflow:hidden;margin-top:4px}
.progress .ok{background:var(--ok)}.progress .bad{background:var(--bad)}
table{width:100%;border-collapse:collapse;font-size:13px;margin-top:6px}
th{text-align:left;color:var(--muted);font-weight:500;border-bottom:1px solid var(--line);padding:5px 6px}
td{border-bottom:1px solid var(--line);padding:5px 6px}.num{text-align:right}
.split{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px}@media (max-width:1000px){.split{grid-template-columns:minmax(0,1fr)}}
.log{list-style:none;padding:0;margin:0;font-size:12.5px;max-height:260px;overflow:auto}
.log li{padding:5px 0;border-bottom:1px dashed var(--line)}.log .when{color:var(--muted);font-family:ui-monospace,monospace;font-size:11px}
button{font:inherit;cursor:pointer;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;padding:3px 12px}
button:disabled{opacity:.5;cursor:default}
#toast{position:fixed;right:20px;bottom:20px;background:#111827;color:#fff;padding:10px 14px;border-radius:8px;opacity:0;transition:opacity .2s;max-width:420px}
#toast.show{opacity:.95}#toast.error{background:#991b1b}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
pre{background:var(--bg);padding:10px;border-radius:6px;overflow:auto;font-size:12px;margin:4px 0}
.state{font-weight:600;padding:1px 8px;border-radius:999px;background:var(--line)}
.state.dead{background:var(--bad);color:#fff}.state.succeeded{background:var(--ok);color:#fff}.state.retrying{background:var(--warn);color:#fff}
.login{max-width:420px;margin:80px auto;background:var(--panel);padding:24px;border-radius:10px;border:1px solid var(--line)}
.login input{width:100%;padding:8px;margin:8px 0;border:1px solid var(--line);border-radius:6px}
#find-task{position:relative}
#find-results{position:absolute;right:0;top:100%;z-index:5;background:#fff;border:1px solid #d1d5db;border-radius:6px;min-width:22rem;padding:.25rem 0}
#find-results a{display:block;padding:.25rem .6rem;font-family:ui-monospace,monospace;font-size:.8rem}
.skip{position:absolute;left:-9999px;top:0;background:#fff;color:#111827;padding:8px 12px;z-index:10}.skip:focus{left:8px;top:8px}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.tabs{display:flex;gap:4px}.tabs a{color:#e5e7eb;padding:4px 10px;border-radius:6px}.tabs a[aria-current=page]{background:#374151;color:#fff}
.tablewrap{max-width:100%;overflow-x:auto}
.filters{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:flex-end;margin-bottom:10px}
.field{display:flex;flex-direction:column;gap:3px;font-size:12px}.field label{color:var(--muted)}
.field input,.field select{font:inherit;padding:4px 6px;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--ink);min-width:0}
.count{font-weight:600;margin:6px 0}.bulk{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:6px 0}
.pager{display:flex;gap:18px;margin-top:10px}td.jobprogress{min-width:10rem}
.state.cancelled{background:var(--line)}.state.waiting,.state.scheduling{background:#dbeafe;color:#1e3a8a}
td.err{color:var(--bad);min-width:12rem;max-width:32rem;overflow-wrap:anywhere}
.page-error .err{color:var(--bad);overflow-wrap:anywhere}
button.ghost{background:transparent;color:var(--accent)}
.controls{display:flex;flex-wrap:wrap;gap:6px;align-items:center;font-size:12px;margin:6px 0}.controls .buttons{display:flex;gap:6px;margin-left:auto}
.control{font-weight:600;padding:1px 8px;border-radius:999px;background:var(--line)}
.control.paused,.control.drained{background:var(--bad);color:#fff}.control.draining,.control.pinned{background:#fde68a;color:#111827}
.state.failed,.state.expired,.state.running{background:#fde68a;color:#111827}.state.completed{background:var(--ok);color:#fff}
@media (max-width:640px){
.top{padding:10px 12px;gap:8px}.top form{margin-left:0;width:100%}.top input{width:100%}
main{padding:10px}section.panel{padding:10px 12px}.top .meta,section.panel>h2{overflow-wrap:anywhere;flex-wrap:wrap}dl.facts dd{overflow-wrap:anywhere;min-width:0}
.cards{grid-template-columns:minmax(0,1fr)}.tiles{gap:3px}.tile dd{font-size:16px}
#find-results{min-width:0;left:0}svg{max-width:100%;height:auto}
.controls .buttons{margin-left:0}
}
`;
