function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const c = ctx.collection;
  if (!c) {
    return `<section class="kd-section"><div class="kd-container"><div class="kd-empty"><p class="kd-empty__title">${e(props.emptyTitle)}</p></div></div></section>`;
  }
  const items = Array.isArray(c.items) ? c.items : [];
  const pager = c.pagination || {};
  const card = (p) => {
    const img = p.image || props.placeholderImage;
    const price = typeof p.price === 'number' ? ctx.formatPrice(p.price, p.currency || 'USD') : '';
    const sale = typeof p.compare_at_price === 'number' && p.compare_at_price > p.price
      ? `<s class="kd-card__compare">${e(ctx.formatPrice(p.compare_at_price, p.currency || 'USD'))}</s>` : '';
    return `<li class="kd-card">
        <a class="kd-card__link" href="${url(p.url)}">
          <div class="kd-card__media">${p.available === false ? '<span class="kd-card__badge kd-card__badge--muted">Sold out</span>' : ''}${img ? `<img src="${url(img)}" alt="${e(p.title)}" loading="lazy" decoding="async" width="480" height="600">` : ''}</div>
          <div class="kd-card__body">
            <h2 class="kd-card__title">${e(p.title)}</h2>
            ${price ? `<p class="kd-card__price">${sale}${e(price)}</p>` : ''}
          </div>
        </a>
      </li>`;
  };
  const pages = pager.pages > 1
    ? `<nav class="kd-pagination" aria-label="Pages">
        ${pager.previous_url ? `<a class="kd-button kd-button--outline" href="${url(pager.previous_url)}" rel="prev">Previous</a>` : '<span></span>'}
        <span class="kd-pagination__status">Page ${e(pager.page)} of ${e(pager.pages)}</span>
        ${pager.next_url ? `<a class="kd-button kd-button--outline" href="${url(pager.next_url)}" rel="next">Next</a>` : '<span></span>'}
      </nav>`
    : '';
  const count = typeof c.product_count === 'number' ? c.product_count : items.length;
  return `<section class="kd-section kd-listing">
  <div class="kd-container">
    <nav class="kd-breadcrumbs" aria-label="Breadcrumb"><ol role="list"><li><a href="/">Home</a></li><li><a href="/collections">Collections</a></li><li aria-current="page">${e(c.title)}</li></ol></nav>
    <header class="kd-listing__head">
      <h1 class="kd-section__title">${e(c.title)}</h1>
      ${c.description ? `<p class="kd-section__subtitle">${e(c.description)}</p>` : ''}
      <p class="kd-listing__count">${e(count)} ${count === 1 ? 'product' : 'products'}</p>
    </header>
    ${items.length
      ? `<ul class="kd-grid kd-grid--${[2, 3, 4].indexOf(Number(props.columns)) >= 0 ? Number(props.columns) : 4}" role="list">${items.map(card).join('')}</ul>${pages}`
      : `<div class="kd-empty"><p class="kd-empty__title">${e(props.emptyTitle)}</p><p class="kd-empty__text">${e(props.emptyText)}</p><a class="kd-link-arrow" href="/collections/all">Browse all products <span aria-hidden="true">&rarr;</span></a></div>`}
  </div>
</section>`;
}
