function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const p = ctx.product;
  if (!p) return `<section class="rc-section"><div class="rc-container"><p class="rc-menu__empty">This dish is no longer on the menu.</p></div></section>`;
  const variants = Array.isArray(p.variants) ? p.variants.filter((v) => v && v.id) : [];
  const choose = variants.length > 1
    ? `<label class="rc-field"><span>${e(props.optionLabel)}</span><select class="rc-input" name="variant">${variants.map((v) => `<option value="${e(v.id)}"${v.available === false ? ' disabled' : ''}>${e(v.title)} — ${e(ctx.formatPrice(v.price, p.currency || 'EUR'))}</option>`).join('')}</select></label>`
    : `<input type="hidden" name="variant" value="${e(variants.length ? variants[0].id : p.id)}">`;
  const section = Array.isArray(p.collections) && p.collections.length
    ? (ctx.collections || []).find((c) => c && (c.slug || c.handle) === p.collections[0]) : null;
  return `<section class="rc-section rc-dish-page">
  <div class="rc-container rc-dish-page__inner">
    <p class="rc-eyebrow"><a href="${url(section ? section.url : '/collections')}">${e(section ? section.title : 'The menu')}</a></p>
    <h1 class="rc-title rc-title--large">${e(p.title)}</h1>
    <span class="rc-ornament" aria-hidden="true"></span>
    ${p.image ? `<img class="rc-dish-page__image" src="${url(p.image)}" alt="${e(p.title)}" width="720" height="480">` : ''}
    ${p.description ? `<p class="rc-dish-page__desc">${e(p.description)}</p>` : ''}
    <p class="rc-dish-page__price">${e(ctx.formatPrice(p.price, p.currency || 'EUR'))}</p>
    ${p.available === false ? '<p class="rc-dish__badge">Sold out today</p>' : `<form class="rc-form" method="post" action="/cart">
      <input type="hidden" name="action" value="add">
      ${choose}
      <label class="rc-field"><span>Portions</span><input class="rc-input" type="number" name="quantity" value="1" min="1" max="20" inputmode="numeric"></label>
      <button class="rc-button rc-button--primary" type="submit">${e(props.addLabel)}</button>
    </form>`}
    <p class="rc-menu__note">${e(props.note)}</p>
  </div>
</section>`;
}
