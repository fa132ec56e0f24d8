function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const cart = ctx.cart;
  const items = cart && Array.isArray(cart.items) ? cart.items : [];
  const money = (v) => ctx.formatPrice(v, (cart && cart.currency) || 'EUR');
  const head = `<header class="rc-menu__head"><h1 class="rc-title">${e(props.title)}</h1><span class="rc-ornament" aria-hidden="true"></span></header>`;
  if (!items.length) {
    return `<section class="rc-section rc-basket"><div class="rc-container">${head}
      <p class="rc-menu__empty">${e(props.emptyText)}</p>
      <p class="rc-order__actions"><a class="rc-button rc-button--primary" href="/collections">${e(props.menuLabel)}</a></p></div></section>`;
  }
  const rows = items.map((i) => `<li class="rc-basket__item">
      <a class="rc-basket__name" href="${url(i.url)}">${e(i.title)}${i.variant_title ? ` · ${e(i.variant_title)}` : ''}</a>
      <form class="rc-basket__qty" method="post" action="/cart">
        <input type="hidden" name="action" value="update"><input type="hidden" name="line" value="${e(i.id)}">
        <label class="rc-visually-hidden" for="q-${e(i.id)}">Portions of ${e(i.title)}</label>
        <input class="rc-input" id="q-${e(i.id)}" type="number" name="quantity" value="${e(i.quantity)}" min="0" max="20" inputmode="numeric">
        <button class="rc-button rc-button--outline rc-button--small" type="submit">Update</button>
      </form>
      <span class="rc-basket__price">${e(money(i.line_price))}</span>
    </li>`).join('');
  return `<section class="rc-section rc-basket"><div class="rc-container">${head}
    <ul class="rc-basket__list" role="list">${rows}</ul>
    <p class="rc-basket__total"><span>Subtotal</span><span>${e(money(cart.subtotal))}</span></p>
    <p class="rc-menu__note">${e(props.note)}</p>
    <p class="rc-order__actions"><a class="rc-button rc-button--outline" href="/collections">${e(props.menuLabel)}</a> <a class="rc-button rc-button--primary" href="/checkout">${e(props.checkoutLabel)}</a></p>
  </div></section>`;
}
