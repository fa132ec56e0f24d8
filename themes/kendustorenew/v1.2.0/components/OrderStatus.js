function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const o = ctx.order;
  if (!o) return `<section class="kd-section"><div class="kd-container"><div class="kd-empty"><p class="kd-empty__title">Order not found</p></div></div></section>`;
  const money = (v) => ctx.formatPrice(v, o.currency || 'USD');
  const labels = { pending: 'Awaiting payment', paid: 'Paid', partially_fulfilled: 'Partly shipped', fulfilled: 'Shipped', cancelled: 'Cancelled', refunded: 'Refunded' };
  const a = o.shipping_address || {};
  const rows = (o.lines || []).map((l) => `<li class="kd-cart__row"><span>${e(l.quantity)} × ${e(l.title)}${l.variant_title ? ` (${e(l.variant_title)})` : ''}</span><span>${e(money(l.line_price))}</span></li>`).join('');
  return `<section class="kd-section kd-order">
  <div class="kd-container kd-checkout__inner">
    <div>
      <p class="kd-eyebrow">Order ${e(o.name)}</p>
      <h1 class="kd-section__title">${e(props.title)}</h1>
      <p class="kd-section__subtitle">${e(props.text)} ${e(o.email)}.</p>
      <p class="kd-notice" role="status">Status: <strong>${e(labels[o.status] || o.status)}</strong>${o.tracking_number ? ` · tracking ${e(o.tracking_number)}` : ''}</p>
      ${o.status === 'pending' ? payment(o, props, e, money) : ''}
      ${o.shipping_method === 'pickup' ? `<p>${e(props.pickupText)}</p>` : `<p><strong>Delivery to</strong><br>${e(a.name)}<br>${e(a.address1)}${a.address2 ? `<br>${e(a.address2)}` : ''}<br>${e(a.postal_code)} ${e(a.city)}<br>${e(a.country)}</p>`}
      <a class="kd-link-arrow" href="/collections/all">Continue shopping <span aria-hidden="true">&rarr;</span></a>
    </div>
    <aside class="kd-checkout__summary">
      <h2 class="kd-checkout__heading">Summary</h2>
      <ul role="list">${rows}</ul>
      <p class="kd-cart__row kd-cart__row--total"><span>Total</span><span>${e(money(o.total))}</span></p>
    </aside>
  </div>
</section>`;
}

// How the customer pays a pending order: the shop's instructions for manual payments, Stripe's
// card form (Stripe.js Payment Element on the order's PaymentIntent) for card payments, and a
// "try again" form when the payment could not be started.
function payment(o, props, e, money) {
  const p = o.payment || {};
  const m = p.method || {};
  if (!p.provider || p.provider === 'manual') {
    return `<p class="kd-pay__instructions">${e(m.instructions || props.manualText)}</p>`;
  }
  if (p.status === 'failed' && !p.reference) {
    return `<form class="kd-pay" method="post" action="${e(o.url)}/payment">
      <p class="kd-alert" role="alert">The card payment could not be started: ${e(p.failure_message)}</p>
      <button class="kd-button" type="submit">Try again</button>
    </form>`;
  }
  if (p.status === 'captured' || p.status === 'authorized') {
    return `<p class="kd-notice" role="status">Payment received; this page updates once it is confirmed.</p>`;
  }
  const failed = p.status === 'failed' ? `<p class="kd-alert" role="alert">${e(p.failure_message || 'The last attempt was declined.')} Try another card.</p>` : '';
  return `<form class="kd-pay" id="kd-pay" data-publishable-key="${e(m.publishable_key)}" data-client-secret="${e(p.client_secret)}">
      <h2 class="kd-checkout__heading">Pay ${e(money(o.total))} by card</h2>
      ${failed}
      <div class="kd-pay__element" id="kd-pay-element"></div>
      <p class="kd-alert" id="kd-pay-error" role="alert" hidden></p>
      <button class="kd-button" type="submit">Pay now</button>
      <noscript><p class="kd-notice">Card payments need JavaScript. Turn it on and reload this page.</p></noscript>
    </form>
    <script src="https://js.stripe.com/v3/"></script>
    <script>
    (function () {
      var form = document.getElementById('kd-pay');
      var error = document.getElementById('kd-pay-error');
      var paid = new URLSearchParams(location.search).get('redirect_status') === 'succeeded';
      if (paid) { form.innerHTML = '<p class="kd-notice" role="status">Payment received; this page updates once it is confirmed.</p>'; return; }
      if (typeof Stripe !== 'function') { error.textContent = 'The card form could not be loaded. Reload the page to try again.'; error.hidden = false; return; }
      var stripe = Stripe(form.dataset.publishableKey);
      var elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
      elements.create('payment').mount('#kd-pay-element');
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        stripe.confirmPayment({ elements: elements, confirmParams: { return_url: location.origin + location.pathname } })
          .then(function (r) { if (r.error) { error.textContent = r.error.message; error.hidden = false; } });
      });
    })();
    </script>`;
}
