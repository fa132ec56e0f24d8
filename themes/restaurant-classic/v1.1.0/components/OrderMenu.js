function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const anchor = props.anchor ? ctx.slugify(String(props.anchor)) : '';
  const dish = (p) => `<li class="rc-dish">
      <div class="rc-dish__line">
        <h3 class="rc-dish__name"><a href="${url(p.url)}">${e(p.title)}</a></h3>
        <span class="rc-dish__leader" aria-hidden="true"></span>
        <span class="rc-dish__price">${e(ctx.formatPrice(p.price, p.currency || 'EUR'))}</span>
      </div>
      ${p.description ? `<p class="rc-dish__desc">${e(p.description)}</p>` : ''}
      ${p.available === false
        ? '<p class="rc-dish__badge">Sold out today</p>'
        : `<form class="rc-dish__add" method="post" action="/cart">
            <input type="hidden" name="action" value="add">
            <input type="hidden" name="variant" value="${e(Array.isArray(p.variants) && p.variants.length ? p.variants[0].id : p.id)}">
            <input type="hidden" name="quantity" value="1">
            <button class="rc-button rc-button--outline rc-button--small" type="submit">${e(props.addLabel)}</button>
          </form>`}
    </li>`;
  const section = (title, subtitle, products, heading) => `<div class="rc-order__group">
      ${heading ? `<${heading} class="rc-order__heading">${e(title)}</${heading}>` : ''}
      ${subtitle ? `<p class="rc-menu__subtitle">${e(subtitle)}</p>` : ''}
      ${products.length ? `<ul class="rc-menu__list rc-menu__list--two" role="list">${products.map(dish).join('')}</ul>` : `<p class="rc-menu__empty">${e(props.emptyText)}</p>`}
    </div>`;
  let groups = '';
  if (ctx.collection) {
    groups = section('', ctx.collection.description, Array.isArray(ctx.collection.items) ? ctx.collection.items : [], '');
  } else if (props.collection) {
    const c = (ctx.collections || []).find((x) => x && (x.slug || x.handle) === props.collection);
    groups = section(c ? c.title : props.title, c ? c.description : '', ctx.data.products({ collection: props.collection }), 'h3');
  } else {
    const cs = (ctx.collections || []).filter((c) => c && c.product_count > 0);
    groups = cs.length
      ? cs.map((c) => section(c.title, c.description, ctx.data.products({ collection: c.slug || c.handle }), 'h3')).join('')
      : section(props.title, '', ctx.data.products(), 'h3');
  }
  const heading = ctx.collection ? 'h1' : 'h2';
  return `<section class="rc-section rc-menu rc-order"${anchor ? ` id="${e(anchor)}"` : ''}>
  <div class="rc-container">
    <header class="rc-menu__head">
      ${ctx.collection ? `<p class="rc-eyebrow"><a href="/collections">${e(props.title)}</a></p>` : ''}
      <${heading} class="rc-title">${e(ctx.collection ? ctx.collection.title : props.title)}</${heading}>
      <span class="rc-ornament" aria-hidden="true"></span>
      ${props.subtitle && !ctx.collection ? `<p class="rc-menu__subtitle">${e(props.subtitle)}</p>` : ''}
    </header>
    ${groups}
    <p class="rc-order__actions"><a class="rc-button rc-button--primary" href="/cart">${e(props.basketLabel)}</a></p>
  </div>
</section>`;
}
