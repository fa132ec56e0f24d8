function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const limit = Math.min(24, Math.max(1, Math.floor(Number(props.limit) || 8)));
  const columns = [2, 3, 4].indexOf(Number(props.columns)) >= 0 ? Number(props.columns) : 4;
  const list = (ctx.data && typeof ctx.data.products === 'function'
    ? ctx.data.products({ collection: props.collection || undefined, limit: limit })
    : []) || [];
  const products = list.slice(0, limit);
  const viewAll = props.viewAllLabel
    ? `<a class="kd-link-arrow" href="${url(props.viewAllUrl || '/collections/all')}">${e(props.viewAllLabel)} <span aria-hidden="true">&rarr;</span></a>`
    : '';
  const head = `<div class="kd-section__head">
      <div>
        <h2 class="kd-section__title">${e(props.title)}</h2>
        ${props.subtitle ? `<p class="kd-section__subtitle">${e(props.subtitle)}</p>` : ''}
      </div>
      ${products.length ? viewAll : ''}
    </div>`;
  if (!products.length) {
    return `<section class="kd-section kd-products">
  <div class="kd-container">${head}
    <div class="kd-empty">
      <svg class="kd-empty__icon" viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M10 16h28l-2.4 22a3 3 0 0 1-3 2.7H15.4a3 3 0 0 1-3-2.7L10 16z"/><path d="M18 16v-2a6 6 0 0 1 12 0v2"/></svg>
      <p class="kd-empty__title">${e(props.emptyTitle || 'Nothing here yet')}</p>
      ${props.emptyText ? `<p class="kd-empty__text">${e(props.emptyText)}</p>` : ''}
      ${viewAll}
    </div>
  </div>
</section>`;
  }
  const badge = props.badgeLabel ? `<span class="kd-card__badge">${e(props.badgeLabel)}</span>` : '';
  const cards = products
    .map((p) => {
      const img = p.image || props.placeholderImage;
      const price = typeof p.price === 'number' ? ctx.formatPrice(p.price, p.currency || 'USD') : '';
      const href = url(p.url || '/products/' + (p.handle || ''));
      return `<li class="kd-card">
        <a class="kd-card__link" href="${href}">
          <div class="kd-card__media">${badge}${img ? `<img src="${url(img)}" alt="${e(p.title)}" loading="lazy" decoding="async" width="480" height="600">` : ''}</div>
          <div class="kd-card__body">
            <h3 class="kd-card__title">${e(p.title)}</h3>
            ${price ? `<p class="kd-card__price">${e(price)}</p>` : ''}
          </div>
        </a>
      </li>`;
    })
    .join('');
  return `<section class="kd-section kd-products">
  <div class="kd-container">${head}
    <ul class="kd-grid kd-grid--${columns}" role="list">${cards}</ul>
  </div>
</section>`;
}
