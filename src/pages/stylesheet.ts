/** Where the pages' stylesheet is served: pages link to it, so no page carries a <style> block (CSP). */
export const SITE_CSS_PATH = '/assets/site.css'

/** The pages' stylesheet. */
export const SITE_CSS = `
:root { --ink:#1b1f24; --muted:#5b6470; --line:#d8dde3; --accent:#005ea5; --bg:#fbfbfa; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
header { background:#0b0c0c; color:#fff; padding:.8rem 1.5rem; display:flex; gap:1.5rem; align-items:baseline; }
header a { color:#fff; text-decoration:none; font-weight:600; }
header nav a { font-weight:400; margin-right:1rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size:1.8rem; margin:.2rem 0 1rem; }
table { border-collapse: collapse; width:100%; background:#fff; }
th, td { text-align:left; padding:.5rem .6rem; border-bottom:1px solid var(--line); vertical-align: top; }
th { font-size:.85rem; color:var(--muted); font-weight:600; }
code, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size:.85rem; word-break: break-all; }
.tag { display:inline-block; padding:.05rem .5rem; border-radius:3px; background:#e8f1f8; color:var(--accent); font-size:.85rem; }
.muted { color:var(--muted); }
dl { display:grid; grid-template-columns: 14rem 1fr; gap:.4rem 1rem; background:#fff; padding:1rem; border:1px solid var(--line); }
dt { color:var(--muted); }
dd { margin:0; }
.tag.warn { background:#fdecea; color:#a4262c; }
.warn-box { border-left:4px solid #a4262c; background:#fdecea; padding:.6rem .9rem; }
section { margin-top:1.8rem; }
figure.forest { margin:1rem 0; background:#fff; border:1px solid var(--line); padding:.5rem; overflow-x:auto; }
h2 { font-size:1.3rem; }
`
