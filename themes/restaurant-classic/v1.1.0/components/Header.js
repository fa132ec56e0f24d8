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
  const tel = String(props.phone || '').replace(/[^0-9+]/g, '');
  return `<header class="rc-header">
  <div class="rc-container rc-header__inner">
    <a class="rc-header__brand" href="/">${e(name)}</a>
    <nav class="rc-header__nav" aria-label="Main"><ul>${links}</ul></nav>
    <div class="rc-header__actions">
      ${tel ? `<a class="rc-header__phone" href="tel:${e(tel)}">${e(props.phone)}</a>` : ''}
      ${props.reserveLabel ? `<a class="rc-button rc-button--primary rc-button--small" href="${url(props.reserveUrl)}">${e(props.reserveLabel)}</a>` : ''}
    </div>
  </div>
</header>`;
}
