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
  return `<footer class="at-footer">
  <div class="at-container">
    <div class="at-footer__top">
      <div>
        <a class="at-nav__brand at-footer__brand" href="/"><span class="at-nav__mark" aria-hidden="true"></span>${e(brand)}</a>
        ${props.text ? `<p class="at-footer__text">${e(props.text)}</p>` : ''}
      </div>
      ${links ? `<nav aria-label="Footer"><ul class="at-footer__links" role="list">${links}</ul></nav>` : ''}
    </div>
    <p class="at-footer__copy">&copy; ${e(brand)}${props.copyright ? ' · ' + e(props.copyright) : ''}</p>
  </div>
</footer>`;
}
