function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const cart = ctx.cart;
  const items = cart && Array.isArray(cart.items) ? cart.items : [];
  const head = `<header class="rc-menu__head"><h1 class="rc-title">${e(props.title)}</h1><span class="rc-ornament" aria-hidden="true"></span></header>`;
  if (!items.length) {
    return `<section class="rc-section rc-checkout"><div class="rc-container">${head}<p class="rc-menu__empty">Your order is empty.</p>
      <p class="rc-order__actions"><a class="rc-button rc-button--primary" href="/collections">See the menu</a></p></div></section>`;
  }
  const money = (v) => ctx.formatPrice(v, cart.currency || 'EUR');
  const a = cart.shipping_address || {};
  const errors = cart.errors && typeof cart.errors === 'object' ? cart.errors : {};
  const field = (name, label, value, attrs) => `<label class="rc-field"><span>${e(label)}</span>
      <input class="rc-input" name="${name}" value="${e(value)}" ${attrs}>${errors[name] ? `<span class="rc-field__error">${e(errors[name])}</span>` : ''}</label>`;
  const methods = Array.isArray(cart.shipping_methods) ? cart.shipping_methods : [];
  const payments = Array.isArray(cart.payment_methods) ? cart.payment_methods : [];
  // A trattoria's orders are collected: pickup is chosen unless the guest picked another method.
  const preferred = (group, list, chosen) => chosen || (group === 'shipping_method' && list.some((m) => m.id === 'pickup') ? 'pickup' : (list[0] && list[0].id));
  const radios = (group, list, chosen) => list.map((m) => `<label class="rc-choice"><input type="radio" name="${group}" value="${e(m.id)}"${preferred(group, list, chosen) === m.id ? ' checked' : ''}> ${e(m.name)}${m.price ? ` · ${e(money(m.price))}` : ''}</label>`).join('');
  return `<section class="rc-section rc-checkout"><div class="rc-container rc-checkout__inner">${head}
    ${cart.error ? `<p class="rc-alert" role="alert">${e(cart.error)}</p>` : ''}
    <ul class="rc-basket__list" role="list">${items.map((i) => `<li class="rc-basket__item"><span>${e(i.quantity)} × ${e(i.title)}</span><span class="rc-basket__price">${e(money(i.line_price))}</span></li>`).join('')}</ul>
    <p class="rc-basket__total"><span>Total</span><span>${e(money(typeof cart.total === 'number' ? cart.total : cart.subtotal))}</span></p>
    <form class="rc-form" method="post" action="/checkout">
      ${field('name', 'Name for the order', a.name, 'autocomplete="name" required maxlength="120"')}
      ${field('email', 'Email', cart.email, 'type="email" autocomplete="email" required maxlength="254"')}
      ${field('phone', 'Phone', a.phone, 'type="tel" autocomplete="tel" maxlength="40"')}
      ${methods.length ? `<fieldset class="rc-fieldset"><legend>Collection</legend>${radios('shipping_method', methods, cart.shipping_method)}</fieldset>` : ''}
      ${payments.length ? `<fieldset class="rc-fieldset"><legend>Payment</legend>${radios('payment_method', payments, cart.payment_method)}</fieldset>` : ''}
      <button class="rc-button rc-button--primary" type="submit">${e(props.submitLabel)}</button>
    </form>
    <p class="rc-menu__note">${e(props.note)}</p>
  </div></section>`;
}
