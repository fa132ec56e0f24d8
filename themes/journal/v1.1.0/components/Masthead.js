function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const site = ctx.site || {};
  const title = props.title || site.name || 'Journal';
  const tagline = props.tagline || site.tagline || '';
  const current = (ctx.page && ctx.page.path) || '/';
  const links = (Array.isArray(props.links) ? props.links : [])
    .filter((l) => l && l.label)
    .map((l) => `<li><a href="${url(l.url)}"${l.url === current ? ' aria-current="page"' : ''}>${e(l.label)}</a></li>`)
    .join('');
  return `<header class="jr-masthead">
  <div class="jr-container">
    <div class="jr-masthead__top">
      <a class="jr-masthead__title" href="/">${e(title)}</a>
      ${tagline ? `<p class="jr-masthead__tagline">${e(tagline)}</p>` : ''}
    </div>
    <div class="jr-masthead__bar">
      <nav aria-label="Sections"><ul class="jr-masthead__nav">${links}</ul></nav>
      ${props.subscribeLabel ? `<a class="jr-button jr-button--small" href="${url(props.subscribeUrl)}">${e(props.subscribeLabel)}</a>` : ''}
    </div>
  </div>
</header>`;
}
