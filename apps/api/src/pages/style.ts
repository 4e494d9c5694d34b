/**
 * The pages' one small stylesheet, inlined in each page (one request, nothing to cache on a weak
 * phone): mobile first, system fonts (Noto CJK / PingFang / Microsoft YaHei render the Chinese), large
 * tap targets, colours with at least 4.5:1 contrast. The print rules lay out A4 signboards.
 */
export const css = `
:root{--ink:#16262a;--muted:#4a5a5e;--line:#d5e0e0;--water:#0a5c5c;--water-soft:#e7f2f1;--alert:#a8201a;--bg:#f6f9f9}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--water)}
a:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
.top{background:var(--water);color:#fff}
.top div{max-width:44rem;margin:0 auto;padding:10px 16px;display:flex;gap:12px;align-items:center;justify-content:space-between}
.top a{color:#fff}
.site{font-weight:600;text-decoration:none}
.lang{padding:6px 10px;border:1px solid #fff;border-radius:6px;text-decoration:none;white-space:nowrap}
main{max-width:44rem;margin:0 auto;padding:12px 16px 32px}
h1{font-size:1.6rem;line-height:1.3;margin:12px 0 4px}
h2{font-size:1.15rem;margin:0 0 8px}
h3{font-size:1rem;margin:12px 0 4px}
.sub{color:var(--muted);margin:0 0 12px}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin:12px 0}
.who{font-size:1.25rem;font-weight:600}
.phone{font-variant-numeric:tabular-nums;letter-spacing:.02em}
.call{display:block;text-align:center;background:var(--alert);color:#fff;font-size:1.2rem;font-weight:600;padding:12px;border-radius:8px;text-decoration:none;margin-top:8px}
.call span{display:block;font-size:.9rem;font-weight:400}
.facts{display:flex;flex-wrap:wrap;gap:8px;padding:0;margin:0;list-style:none}
.facts li{background:var(--water-soft);border-radius:6px;padding:4px 10px}
.big{font-size:1.5rem;font-weight:700;color:var(--water)}
.list{list-style:none;padding:0;margin:0}
.list li{border-top:1px solid var(--line);padding:8px 0}
.list li:first-child{border-top:0}
.meta{color:var(--muted);font-size:.9rem}
.tag{display:inline-block;font-size:.85rem;border-radius:4px;padding:0 6px;background:var(--water-soft);color:var(--water);margin-right:4px}
.tag.open{background:#fdecea;color:var(--alert)}
.figs{display:grid;grid-template-columns:repeat(2,1fr);gap:8px;padding:0;margin:0;list-style:none}
.figs li{background:var(--water-soft);border-radius:8px;padding:8px 10px}
.figs b{display:block;font-size:1.3rem;color:var(--water)}
.years{display:flex;justify-content:space-between;margin-top:8px}
.zones{list-style:none;padding:0;margin:0}
.zones a{display:block;background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 16px;margin:10px 0;text-decoration:none;color:var(--ink)}
.zones b{color:var(--water);font-size:1.1rem}
.action,.report button{display:block;width:100%;text-align:center;background:var(--water);color:#fff;font:inherit;font-size:1.15rem;font-weight:600;padding:12px;border:0;border-radius:8px;text-decoration:none;margin-top:12px;cursor:pointer}
button.secondary{font:inherit;background:#fff;color:var(--water);border:2px solid var(--water);border-radius:6px;padding:6px 14px;margin-top:6px;cursor:pointer}
.report label{display:block;font-weight:600;margin-top:12px}
.report .choice{font-weight:400;margin:0;padding:8px 0;display:flex;gap:10px;align-items:center;border-top:1px solid var(--line)}
.report fieldset{border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:12px 0 0}
.report legend{font-weight:600;padding:0 4px}
.report textarea,.report input[type=text],.report input[type=tel]{display:block;width:100%;font:inherit;padding:8px;border:1px solid var(--muted);border-radius:6px;background:#fff;color:var(--ink)}
.report input[type=radio]{width:1.3rem;height:1.3rem;flex:none}
.report input[type=file]{display:block;margin-top:4px;max-width:100%}
.hint{color:var(--muted);font-size:.9rem;margin:2px 0 4px}
.errors{border:2px solid var(--alert);border-radius:8px;padding:8px 12px;color:var(--alert);background:#fff}
.notice{border:2px solid var(--water);border-radius:8px;padding:8px 12px;background:var(--water-soft)}
.notice p{margin:4px 0}
.receipt{font-family:ui-monospace,monospace;letter-spacing:.05em;white-space:nowrap}
.big.open{color:var(--alert)}
.stages{padding-left:1.4rem;margin:0}
.stages li{padding:4px 0}
.note{white-space:pre-wrap;background:var(--water-soft);border-radius:6px;padding:8px 10px}
footer{max-width:44rem;margin:0 auto;padding:16px;color:var(--muted);font-size:.9rem;border-top:1px solid var(--line)}
@media (min-width:48rem){.figs{grid-template-columns:repeat(3,1fr)}h1{font-size:2rem}}
.boards{max-width:210mm;margin:0 auto}
.board{background:#fff;border:6px solid var(--water);padding:14mm;margin:16px 0;min-height:270mm;display:flex;flex-direction:column;gap:6mm}
.board header{background:var(--water);color:#fff;text-align:center;padding:5mm;margin:-14mm -14mm 0}
.board header p{margin:0;font-size:16pt}
.board h1{font-size:30pt;margin:2mm 0 0}
.board dl{display:grid;grid-template-columns:auto 1fr;gap:3mm 6mm;font-size:17pt;margin:0}
.board dt{color:var(--muted)}
.board dd{margin:0;font-weight:600}
.board .hot{font-size:24pt;color:var(--alert)}
.board .qr{margin-top:auto;display:flex;gap:8mm;align-items:center}
.board .qr svg{width:62mm;height:62mm;flex:none}
.board .qr p{font-size:15pt;margin:0}
.board .url{font-size:11pt;color:var(--muted);word-break:break-all}
@page{size:A4;margin:10mm}
@media print{
body{background:#fff}
.top,footer,.noprint{display:none}
main{max-width:none;padding:0}
.boards{max-width:none}
.board{margin:0;min-height:273mm;break-after:page;break-inside:avoid}
.board:last-child{break-after:auto}
}
`
