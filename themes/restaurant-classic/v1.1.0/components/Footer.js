function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const name = props.name || (ctx.site && ctx.site.name) || 'Restaurant';
  const links = (Array.isArray(props.links) ? props.links : [])
    .filter((l) => l && l.label)
    .map((l) => `<li><a href="${url(l.url)}">${e(l.label)}</a></li>`)
    .join('');
  return `<footer class="rc-footer">
  <div class="rc-container">
    <p class="rc-footer__name">${e(name)}</p>
    ${props.text ? `<p class="rc-footer__text">${e(props.text)}</p>` : ''}
    ${props.address ? `<p class="rc-footer__address">${e(props.address)}</p>` : ''}
    ${links ? `<ul class="rc-footer__links" role="list">${links}</ul>` : ''}
    <p class="rc-footer__copy">&copy; ${e(name)}${props.copyright ? ' · ' + e(props.copyright) : ''}</p>
  </div>
</footer>`;
}
