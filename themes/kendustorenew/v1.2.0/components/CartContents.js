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
  const money = (v) => ctx.formatPrice(v, (cart && cart.currency) || 'USD');
  if (!items.length) {
    return `<section class="kd-section kd-cart">
  <div class="kd-container">
    <h1 class="kd-section__title">${e(props.title)}</h1>
    <div class="kd-empty">
      <p class="kd-empty__title">${e(props.emptyTitle)}</p>
      <p class="kd-empty__text">${e(props.emptyText)}</p>
      <a class="kd-button kd-button--primary" href="/collections/all">${e(props.continueLabel)}</a>
    </div>
  </div>
</section>`;
  }
  const rows = items.map((item) => `<li class="kd-cart__item">
      <a class="kd-cart__media" href="${url(item.url)}">${item.image ? `<img src="${url(item.image)}" alt="" width="96" height="120" loading="lazy">` : ''}</a>
      <div class="kd-cart__info">
        <a class="kd-cart__title" href="${url(item.url)}">${e(item.title)}</a>
        ${item.variant_title ? `<p class="kd-cart__variant">${e(item.variant_title)}</p>` : ''}
        <p class="kd-cart__unit">${e(money(item.unit_price))}</p>
      </div>
      <form class="kd-cart__qty" method="post" action="/cart">
        <input type="hidden" name="action" value="update">
        <input type="hidden" name="line" value="${e(item.id)}">
        <label class="kd-visually-hidden" for="qty-${e(item.id)}">Quantity of ${e(item.title)}</label>
        <input class="kd-input" id="qty-${e(item.id)}" type="number" name="quantity" value="${e(item.quantity)}" min="0" max="99" inputmode="numeric">
        <button class="kd-button kd-button--outline" type="submit">Update</button>
      </form>
      <form class="kd-cart__remove" method="post" action="/cart">
        <input type="hidden" name="action" value="remove">
        <input type="hidden" name="line" value="${e(item.id)}">
        <button class="kd-link-button" type="submit">Remove</button>
      </form>
      <p class="kd-cart__line">${e(money(item.line_price))}</p>
    </li>`).join('');
  const discount = cart.discount_code
    ? `<p class="kd-cart__row"><span>Discount (${e(cart.discount_code)})</span><span>−${e(money(cart.discount_total || 0))}</span></p>` : '';
  return `<section class="kd-section kd-cart">
  <div class="kd-container">
    <h1 class="kd-section__title">${e(props.title)}</h1>
    <div class="kd-cart__inner">
      <ul class="kd-cart__items" role="list">${rows}</ul>
      <aside class="kd-cart__summary">
        <p class="kd-cart__row"><span>Subtotal</span><span>${e(money(cart.subtotal))}</span></p>
        ${discount}
        <form class="kd-cart__code" method="post" action="/cart">
          <input type="hidden" name="action" value="discount">
          <label class="kd-field"><span class="kd-field__label">Discount code</span><input class="kd-input" name="code" autocomplete="off" maxlength="64"></label>
          <button class="kd-button kd-button--outline" type="submit">Apply</button>
        </form>
        <p class="kd-cart__note">${e(props.note)}</p>
        <a class="kd-button kd-button--primary kd-button--block" href="/checkout">${e(props.checkoutLabel)}</a>
      </aside>
    </div>
  </div>
</section>`;
}
