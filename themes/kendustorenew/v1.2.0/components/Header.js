function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const site = (ctx.site && ctx.site.name) || 'Shop';
  const brand = props.logoText || site;
  const current = (ctx.page && ctx.page.path) || '/';
  const links = (Array.isArray(props.links) ? props.links : [])
    .filter((l) => l && l.label)
    .map((l) => {
      const active = l.url === current ? ' aria-current="page"' : '';
      return `<li><a class="kd-nav__link" href="${url(l.url)}"${active}>${e(l.label)}</a></li>`;
    })
    .join('');
  const cartIcon = '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d="M5 7h14l-1.2 11.1a2 2 0 0 1-2 1.9H8.2a2 2 0 0 1-2-1.9L5 7z"/><path d="M9 7V6a3 3 0 0 1 6 0v1"/></svg>';
  return `<header class="kd-header">
  <div class="kd-container kd-header__inner">
    <a class="kd-header__brand" href="/">${e(brand)}</a>
    <details class="kd-nav">
      <summary class="kd-nav__toggle" aria-label="Menu"><span></span><span></span><span></span></summary>
      <nav aria-label="Main"><ul class="kd-nav__list">${links}</ul></nav>
    </details>
    <nav class="kd-nav--desktop" aria-label="Main"><ul class="kd-nav__list">${links}</ul></nav>
    <a class="kd-header__cart" href="${url(props.cartUrl || '/cart')}">${cartIcon}<span>${e(props.cartLabel || 'Cart')}</span><span class="kd-header__count" data-cart-count hidden></span></a>
  </div>
</header>
<script>
// The page is cached for every visitor; the count is this visitor's, so it is read here, from
// the cart the browser's cookie names (404 without one: nothing to show).
(function () {
  var badge = document.querySelector('[data-cart-count]');
  if (!badge || !window.fetch) return;
  fetch('/api/store/cart', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (cart) {
      if (!cart || !(cart.item_count > 0)) return;
      badge.textContent = String(cart.item_count);
      badge.setAttribute('aria-label', cart.item_count + (cart.item_count === 1 ? ' item' : ' items') + ' in the cart');
      badge.hidden = false;
    })
    .catch(function () {});
})();
</script>`;
}
