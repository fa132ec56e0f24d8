function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const brand = props.brand || (ctx.site && ctx.site.name) || 'Shop';
  const columns = (Array.isArray(props.columns) ? props.columns : [])
    .filter((c) => c && c.title)
    .map((c) => {
      const links = (Array.isArray(c.links) ? c.links : [])
        .filter((l) => l && l.label)
        .map((l) => `<li><a href="${url(l.url)}">${e(l.label)}</a></li>`)
        .join('');
      return `<div class="kd-footer__col"><h2 class="kd-footer__heading">${e(c.title)}</h2><ul role="list">${links}</ul></div>`;
    })
    .join('');
  return `<footer class="kd-footer">
  <div class="kd-container">
    <div class="kd-footer__top">
      <div class="kd-footer__brand">
        <a class="kd-footer__logo" href="/">${e(brand)}</a>
        ${props.tagline ? `<p>${e(props.tagline)}</p>` : ''}
      </div>
      <div class="kd-footer__cols">${columns}</div>
    </div>
    <div class="kd-footer__bottom">
      <p>&copy; ${e(brand)}${props.copyright ? ' · ' + e(props.copyright) : ''}</p>
      <p class="kd-footer__pay" aria-label="Accepted payments"><span>Visa</span><span>Mastercard</span><span>Amex</span><span>PayPal</span></p>
    </div>
  </div>
</footer>`;
}
