function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const brand = props.brand || (ctx.site && ctx.site.name) || 'Studio';
  const links = (Array.isArray(props.links) ? props.links : [])
    .filter((l) => l && l.label)
    .map((l) => `<li><a href="${url(l.url)}">${e(l.label)}</a></li>`)
    .join('');
  return `<header class="at-nav">
  <div class="at-container at-nav__inner">
    <a class="at-nav__brand" href="/"><span class="at-nav__mark" aria-hidden="true"></span>${e(brand)}</a>
    ${links ? `<nav class="at-nav__links" aria-label="Main"><ul role="list">${links}</ul></nav>` : ''}
    ${props.ctaLabel ? `<a class="at-button at-button--dark at-button--small" href="${url(props.ctaUrl)}">${e(props.ctaLabel)}</a>` : ''}
  </div>
</header>`;
}
