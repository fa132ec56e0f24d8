function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const p = ctx.product;
  if (!p) {
    return `<section class="kd-section"><div class="kd-container"><div class="kd-empty"><p class="kd-empty__title">${e(props.missingText)}</p><a class="kd-link-arrow" href="/collections/all">Browse all products <span aria-hidden="true">&rarr;</span></a></div></div></section>`;
  }
  const currency = p.currency || 'USD';
  const price = (v) => (typeof v === 'number' ? ctx.formatPrice(v, currency) : '');
  const variants = Array.isArray(p.variants) ? p.variants.filter((v) => v && v.id) : [];
  const images = (Array.isArray(p.images) && p.images.length ? p.images : [p.image || props.placeholderImage])
    .filter(Boolean)
    .map((src) => (typeof src === 'string' ? { url: src, alt: p.title } : src));
  const [first, ...rest] = images;
  const main = first
    ? `<img class="kd-product__image" src="${url(first.url)}" alt="${e(first.alt || p.title)}" width="800" height="1000" decoding="async">`
    : '';
  const thumbs = rest.length
    ? `<ul class="kd-product__thumbs" role="list">${rest.map((im) => `<li><img src="${url(im.url)}" alt="${e(im.alt || p.title)}" width="160" height="200" loading="lazy"></li>`).join('')}</ul>`
    : '';
  const collection = Array.isArray(p.collections) && p.collections.length
    ? (ctx.collections || []).find((c) => c && (c.slug || c.handle) === p.collections[0])
    : null;
  const crumbs = `<nav class="kd-breadcrumbs" aria-label="Breadcrumb"><ol role="list">
      <li><a href="/">Home</a></li>
      ${collection ? `<li><a href="${url(collection.url)}">${e(collection.title)}</a></li>` : '<li><a href="/collections/all">All products</a></li>'}
      <li aria-current="page">${e(p.title)}</li></ol></nav>`;
  const compare = typeof p.compare_at_price === 'number' && p.compare_at_price > p.price
    ? `<s class="kd-product__compare">${e(price(p.compare_at_price))}</s><span class="kd-card__badge kd-card__badge--inline">${e(props.saleLabel)}</span>`
    : '';
  const available = p.available !== false;
  const picker = variants.length > 1
    ? `<label class="kd-field"><span class="kd-field__label">${e(props.optionLabel)}</span>
        <select class="kd-input" name="variant">${variants.map((v) => `<option value="${e(v.id)}"${v.available === false ? ' disabled' : ''}>${e(v.title)} — ${e(price(v.price))}${v.available === false ? ' (sold out)' : ''}</option>`).join('')}</select></label>`
    : `<input type="hidden" name="variant" value="${e(variants.length ? variants[0].id : p.id)}">`;
  const buy = available
    ? `<form class="kd-product__form" method="post" action="/cart">
        <input type="hidden" name="action" value="add">
        ${picker}
        <label class="kd-field kd-field--qty"><span class="kd-field__label">Quantity</span>
          <input class="kd-input" type="number" name="quantity" value="1" min="1" max="99" inputmode="numeric"></label>
        <button class="kd-button kd-button--primary kd-button--block" type="submit">${e(props.addLabel)}</button>
      </form>`
    : `<p class="kd-product__soldout">${e(props.soldOutText)}</p>`;
  const paragraphs = String(p.description || '')
    .split(/\n{2,}/)
    .filter((t) => t.trim())
    .map((t) => `<p>${e(t.trim())}</p>`)
    .join('');
  return `<section class="kd-section kd-product">
  <div class="kd-container">
    ${crumbs}
    <div class="kd-product__inner">
      <div class="kd-product__media">${main}${thumbs}</div>
      <div class="kd-product__info">
        <h1 class="kd-product__title">${e(p.title)}</h1>
        <p class="kd-product__price"><span>${e(price(p.price))}</span>${compare}</p>
        ${available && typeof p.inventory === 'number' && p.inventory > 0 && p.inventory <= 5 ? `<p class="kd-product__stock">Only ${e(p.inventory)} left</p>` : ''}
        ${buy}
        <div class="kd-product__description">${paragraphs}</div>
        ${props.note ? `<p class="kd-product__note">${e(props.note)}</p>` : ''}
      </div>
    </div>
  </div>
</section>`;
}
