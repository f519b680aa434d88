package publish

// Stylesheet is the site's one stylesheet, style.css: the look of the HTML
// export (one readable column on a card, ruled section headings, a
// sponsor's items tinted) in the reader's light or dark scheme. Long links
// and code wrap, so that nothing is wider than a 390-pixel phone.
const Stylesheet = `/* weekly publish: the issue pages and the index */
:root {
  color-scheme: light dark;
  --ink: #1f2328;
  --muted: #59636e;
  --link: #0a58ca;
  --rule: #d8dee4;
  --canvas: #f3f4f6;
  --card: #ffffff;
  --tint: #f6f8fa;
}
@media (prefers-color-scheme: dark) {
  :root {
    --ink: #e6edf3;
    --muted: #9198a1;
    --link: #6cb6ff;
    --rule: #3d444d;
    --canvas: #0d1117;
    --card: #151b23;
    --tint: #212830;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  padding: 24px 12px;
  background: var(--canvas);
  color: var(--ink);
  font: 16px/1.6 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif;
  overflow-wrap: break-word;
}
.site, main, .issue-footer { max-width: 640px; margin: 0 auto; }
.site { padding: 0 4px 12px; font-size: 14px; color: var(--muted); }
.site h1 { margin: 0; font-size: 28px; line-height: 1.25; color: var(--ink); }
.site p { margin: 4px 0 0; }
main {
  padding: 28px 28px 8px;
  background: var(--card);
  border: 1px solid var(--rule);
  border-radius: 6px;
}
a { color: var(--link); overflow-wrap: anywhere; }
.site > a { color: var(--muted); text-decoration: none; font-weight: 600; }
.issue h1 { margin: 0; font-size: 26px; line-height: 1.25; }
.number { color: var(--muted); font-weight: 400; }
.meta { margin: 4px 0 24px; font-size: 14px; color: var(--muted); }
.title { margin: 0 0 16px; font-size: 18px; font-weight: 600; }
.content p { margin: 0 0 12px; }
.content h1, .content h2, .content h3, .content h4, .content h5, .content h6 { margin: 24px 0 12px; font-size: 18px; line-height: 1.3; }
section > h2 {
  margin: 32px 0 16px;
  padding-bottom: 6px;
  border-bottom: 2px solid var(--rule);
  font-size: 20px;
  line-height: 1.3;
}
.item { margin: 0 0 22px; }
.sponsor .item { padding: 12px 16px 2px; background: var(--tint); border-left: 4px solid var(--rule); }
.content .links { margin: 6px 0 0; font-size: 14px; line-height: 1.5; }
ul, ol { margin: 0 0 12px; padding-left: 24px; }
li { margin: 0 0 4px; }
blockquote { margin: 0 0 12px; padding: 0 0 0 12px; border-left: 3px solid var(--rule); color: var(--muted); }
pre {
  margin: 0 0 12px;
  padding: 10px 12px;
  background: var(--tint);
  border-radius: 4px;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  font-size: 13px;
  line-height: 1.45;
}
code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 0.9em;
  background: var(--tint);
  padding: 1px 3px;
  border-radius: 3px;
  overflow-wrap: anywhere;
}
pre code { padding: 0; background: none; }
hr { border: 0; border-top: 1px solid var(--rule); margin: 20px 0; }
.pager {
  display: flex;
  justify-content: space-between;
  gap: 12px;
  margin: 28px 0 20px;
  padding-top: 12px;
  border-top: 1px solid var(--rule);
  font-size: 14px;
}
.issue-footer { padding: 16px 28px 24px; font-size: 12px; line-height: 1.5; color: var(--muted); }
.issue-footer p { margin: 0 0 8px; }
.issue-footer a { color: var(--muted); }
.issues { list-style: none; margin: 0; padding: 0; }
.issues li { margin: 0 0 18px; }
.issues a { font-weight: 600; text-decoration: none; }
.issues a:hover { text-decoration: underline; }
.issues .meta { display: block; margin: 2px 0 0; }
@media (max-width: 480px) {
  body { padding: 12px 0; }
  .site { padding: 0 16px 12px; }
  main { padding: 20px 16px 4px; border-width: 1px 0; border-radius: 0; }
  .issue-footer { padding: 16px; }
}
`
