function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const name = (ctx.site && ctx.site.name) || 'Journal';
  const links = (Array.isArray(props.links) ? props.links : [])
    .filter((l) => l && l.label)
    .map((l) => `<li><a href="${url(l.url)}">${e(l.label)}</a></li>`)
    .join('');
  return `<footer class="jr-footer">
  <div class="jr-container jr-footer__inner">
    <div>
      <a class="jr-footer__title" href="/">${e(name)}</a>
      ${props.text ? `<p class="jr-footer__text">${e(props.text)}</p>` : ''}
    </div>
    ${links ? `<nav aria-label="Footer"><ul class="jr-footer__links" role="list">${links}</ul></nav>` : ''}
  </div>
  <div class="jr-container">
    <p class="jr-footer__copy">&copy; ${e(name)}${props.copyright ? ' · ' + e(props.copyright) : ''}</p>
  </div>
</footer>`;
}
