function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const cart = ctx.cart;
  const items = cart && Array.isArray(cart.items) ? cart.items : [];
  if (!items.length) {
    return `<section class="kd-section kd-checkout"><div class="kd-container">
    <h1 class="kd-section__title">${e(props.title)}</h1>
    <div class="kd-empty"><p class="kd-empty__title">Your cart is empty</p><p class="kd-empty__text">Add something to your cart before checking out.</p>
    <a class="kd-button kd-button--primary" href="/collections/all">Continue shopping</a></div></div></section>`;
  }
  const money = (v) => ctx.formatPrice(v, cart.currency || 'USD');
  const a = cart.shipping_address || {};
  const errors = cart.errors && typeof cart.errors === 'object' ? cart.errors : {};
  const field = (name, label, value, attrs) => `<label class="kd-field"><span class="kd-field__label">${e(label)}</span>
      <input class="kd-input${errors[name] ? ' kd-input--invalid' : ''}" name="${name}" value="${e(value)}" ${attrs || ''}>
      ${errors[name] ? `<span class="kd-field__error">${e(errors[name])}</span>` : ''}</label>`;
  const countries = Array.isArray(cart.countries) && cart.countries.length ? cart.countries : [{ code: 'US', name: 'United States' }];
  const methods = Array.isArray(cart.shipping_methods) ? cart.shipping_methods : [];
  const payments = Array.isArray(cart.payment_methods) ? cart.payment_methods : [];
  const radio = (group, list, chosen, priced) => list.map((m, i) => `<label class="kd-choice">
      <input type="radio" name="${group}" value="${e(m.id)}"${(chosen ? chosen === m.id : i === 0) ? ' checked' : ''}>
      <span>${e(m.name)}</span>${priced ? `<span class="kd-choice__price">${m.price ? e(money(m.price)) : 'Free'}</span>` : ''}</label>`).join('');
  return `<section class="kd-section kd-checkout">
  <div class="kd-container kd-checkout__inner">
    <form class="kd-checkout__form" method="post" action="/checkout">
      <h1 class="kd-section__title">${e(props.title)}</h1>
      ${cart.error ? `<p class="kd-alert" role="alert">${e(cart.error)}</p>` : ''}
      <fieldset><legend>Contact</legend>
        ${field('email', 'Email', cart.email, 'type="email" autocomplete="email" required maxlength="254"')}
      </fieldset>
      <fieldset><legend>Delivery address</legend>
        ${field('name', 'Full name', a.name, 'autocomplete="name" required maxlength="120"')}
        ${field('address1', 'Address', a.address1, 'autocomplete="address-line1" required maxlength="200"')}
        ${field('address2', 'Apartment, suite (optional)', a.address2, 'autocomplete="address-line2" maxlength="200"')}
        <div class="kd-field-row">
          ${field('postal_code', 'Postal code', a.postal_code, 'autocomplete="postal-code" required maxlength="20"')}
          ${field('city', 'City', a.city, 'autocomplete="address-level2" required maxlength="120"')}
        </div>
        <label class="kd-field"><span class="kd-field__label">Country</span>
          <select class="kd-input" name="country" autocomplete="country">${countries.map((c) => `<option value="${e(c.code)}"${c.code === a.country ? ' selected' : ''}>${e(c.name)}</option>`).join('')}</select></label>
      </fieldset>
      ${methods.length ? `<fieldset><legend>Delivery</legend>${radio('shipping_method', methods, cart.shipping_method, true)}</fieldset>` : ''}
      ${payments.length ? `<fieldset><legend>Payment</legend>${radio('payment_method', payments, cart.payment_method, false)}</fieldset>` : ''}
      <button class="kd-button kd-button--primary kd-button--block" type="submit">${e(props.submitLabel)}</button>
      <p class="kd-checkout__note">${e(props.note)}</p>
    </form>
    <aside class="kd-checkout__summary">
      <h2 class="kd-checkout__heading">Order summary</h2>
      <ul role="list">${items.map((i) => `<li class="kd-cart__row"><span>${e(i.quantity)} × ${e(i.title)}${i.variant_title ? ` (${e(i.variant_title)})` : ''}</span><span>${e(money(i.line_price))}</span></li>`).join('')}</ul>
      <p class="kd-cart__row"><span>Subtotal</span><span>${e(money(cart.subtotal))}</span></p>
      ${cart.discount_total ? `<p class="kd-cart__row"><span>Discount</span><span>−${e(money(cart.discount_total))}</span></p>` : ''}
      ${typeof cart.shipping_total === 'number' ? `<p class="kd-cart__row"><span>Delivery</span><span>${e(money(cart.shipping_total))}</span></p>` : ''}
      ${typeof cart.tax_total === 'number' ? `<p class="kd-cart__row"><span>Tax${cart.taxes_included ? ' (included)' : ''}</span><span>${e(money(cart.tax_total))}</span></p>` : ''}
      <p class="kd-cart__row kd-cart__row--total"><span>Total</span><span>${e(money(typeof cart.total === 'number' ? cart.total : cart.subtotal))}</span></p>
      <a class="kd-link-arrow" href="/cart">Edit cart</a>
    </aside>
  </div>
</section>`;
}
