/**
 * The page shell: one inline stylesheet (no fetches), light and dark from the visitor's setting,
 * readable on a phone (fluid widths, tables that scroll), no JavaScript at all.
 */
import { Html, HtmlValue, html, trusted } from './html';

const CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;
--link:#0969da;--ok:#1a7f37;--degraded:#9a6700;--down:#cf222e;--unknown:#6e7781;--band:#0969da;--code:#eff2f5;--pill:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;
--card:#151b23;--link:#4493f8;--ok:#3fb950;--degraded:#d29922;--down:#f85149;--unknown:#9198a1;--band:#4493f8;--code:#1f2630;--pill:#0d1117}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
a{color:var(--link)}
h1,h2,h3,p,li,dd{overflow-wrap:anywhere}
header{border-bottom:1px solid var(--line);padding:.6rem 1rem}
header nav{max-width:64rem;margin:0 auto;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:baseline}
header .brand{font-weight:700;color:var(--fg);text-decoration:none;margin-right:auto}
main{max-width:64rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
.muted,small{color:var(--muted)}
code,pre,textarea{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.9em}
code{background:var(--code);padding:.1em .3em;border-radius:4px}
pre{background:var(--code);padding:.75rem;border-radius:6px;overflow-x:auto}
pre code{background:none;padding:0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem;margin:1rem 0}
.card>:first-child{margin-top:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.state{display:inline-block;font-weight:700;font-size:.8rem;padding:.1rem .45rem;border-radius:999px;color:var(--pill);white-space:nowrap}
.key-ok{color:var(--ok)}.key-degraded{color:var(--degraded)}.key-down{color:var(--down)}
.s-UP{background:var(--ok)}.s-DEGRADED{background:var(--degraded)}.s-DOWN{background:var(--down)}.s-UNKNOWN{background:var(--unknown)}
.summary{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:0 0 1rem}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem;margin:1rem 0}
.stats div{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.6rem .75rem}
.stats dt{font-size:.85rem;color:var(--muted)}
.stats dd{margin:0;font-weight:bold;font-size:1.25rem;font-variant-numeric:tabular-nums}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:var(--card);padding:.25rem .5rem}
svg.chart{width:100%;height:auto;display:block}
.chart-box{margin:.5rem 0}
svg .grid{stroke:var(--line)}svg .axis{fill:var(--muted)}svg .note{fill:var(--fg)}svg .line{stroke:var(--fg)}
svg .band{fill:var(--band)}svg .median{stroke:var(--band)}svg .down{fill:var(--down)}
svg .ok{fill:var(--ok)}svg .degraded{fill:var(--degraded)}svg .nodata{fill:var(--line)}svg .bar{fill:var(--band)}
svg text{font-family:inherit}
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline li{border-left:3px solid var(--line);padding:.2rem 0 .8rem .9rem;position:relative}
ul.attention{list-style:none;padding:0;margin:0 0 1rem}ul.attention li{border-left:3px solid var(--down);padding:.2rem 0 .2rem .9rem;margin:.4rem 0}ul.attention li.t-DEGRADED{border-color:var(--degraded)}
ol.timeline li.t-DOWN{border-color:var(--down)}ol.timeline li.t-UP{border-color:var(--ok)}ol.timeline li.t-DEGRADED{border-color:var(--degraded)}
textarea{width:100%;min-height:10rem;padding:.6rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
button,input[type=submit]{font:inherit;padding:.45rem 1rem;border-radius:6px;border:1px solid var(--line);background:var(--card);color:var(--fg);cursor:pointer}
input[type=search]{font:inherit;padding:.4rem .6rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);width:100%;max-width:24rem}
.evidence{border-left:3px solid var(--band);padding-left:.75rem}
.unsure{border-style:dashed}
.pill-unsure{border:1px solid var(--muted);border-radius:1em;padding:0 .5em;font-size:.85em}
details>summary{cursor:pointer;margin:.75rem 0}
footer{max-width:64rem;margin:2rem auto;padding:0 1rem;color:var(--muted);font-size:.85rem}
@media (max-width:40rem){.chart-box svg.chart{min-width:36rem}body{font-size:15px}main{padding:.75rem}th,td{padding:.35rem .3rem}.hide-narrow{display:none}}
`;

export interface PageOptions {
  title: string;
  body: HtmlValue;
  /** Seconds after which the page reloads itself (status pages), with a plain meta tag. */
  refreshS?: number;
}

export function page(opts: PageOptions): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        ${opts.refreshS ? html`<meta http-equiv="refresh" content="${opts.refreshS}" />` : ''}
        <title>${opts.title} · mqtt-why</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <style>
          ${trusted(CSS)}
        </style>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <nav>
            <a class="brand" href="/">mqtt-why</a><a href="/status">Status</a
            ><a href="/kb">Knowledge base</a><a href="/#triage">Triage</a>
          </nav>
        </header>
        <main id="main">${opts.body}</main>
        <footer>
          mqtt-why · server-rendered, no scripts · <a href="/api/status">/api/status</a>
        </footer>
      </body>
    </html> `;
}

/** The tab icon: a broker (a dot) and its connections, in the link colour. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="3" fill="#0969da"/><path d="M8 1v4M8 11v4M1 8h4M11 8h4" stroke="#0969da" stroke-width="1.5"/></svg>';
