function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const o = ctx.order;
  if (!o) return `<section class="rc-section"><div class="rc-container"><p class="rc-menu__empty">Order not found.</p></div></section>`;
  const money = (v) => ctx.formatPrice(v, o.currency || 'EUR');
  const labels = { pending: 'Received — pay when you collect', paid: 'Paid', partially_fulfilled: 'Partly ready', fulfilled: 'Ready / collected', cancelled: 'Cancelled', refunded: 'Refunded' };
  return `<section class="rc-section rc-text"><div class="rc-container rc-text__inner">
    <p class="rc-eyebrow">Order ${e(o.name)}</p>
    <h1 class="rc-title">${e(props.title)}</h1>
    <span class="rc-ornament" aria-hidden="true"></span>
    <p>${e(props.text)} ${e(o.email)}.</p>
    <p class="rc-notice" role="status">${e(o.status === 'pending' && o.payment && o.payment.provider === 'stripe' ? 'Received — waiting for your card payment' : labels[o.status] || o.status)}</p>
    ${o.status === 'pending' ? payment(o, e, money) : ''}
    <ul class="rc-basket__list" role="list">${(o.lines || []).map((l) => `<li class="rc-basket__item"><span>${e(l.quantity)} × ${e(l.title)}</span><span class="rc-basket__price">${e(money(l.line_price))}</span></li>`).join('')}</ul>
    <p class="rc-basket__total"><span>Total</span><span>${e(money(o.total))}</span></p>
    <p class="rc-order__actions"><a class="rc-button rc-button--outline" href="/collections">Back to the menu</a></p>
  </div></section>`;
}

// How the guest pays a pending order: the restaurant's instructions (pay at pickup), Stripe's card
// form (Stripe.js Payment Element on the order's PaymentIntent), or "try again" when the card
// payment could not be started.
function payment(o, e, money) {
  const p = o.payment || {};
  const m = p.method || {};
  if (!p.provider || p.provider === 'manual') {
    return m.instructions ? `<p class="rc-pay__instructions">${e(m.instructions)}</p>` : '';
  }
  if (p.status === 'failed' && !p.reference) {
    return `<form class="rc-pay" method="post" action="${e(o.url)}/payment">
      <p class="rc-alert" role="alert">The card payment could not be started: ${e(p.failure_message)}</p>
      <button class="rc-button" type="submit">Try again</button>
    </form>`;
  }
  if (p.status === 'captured' || p.status === 'authorized') {
    return `<p class="rc-notice" role="status">Payment received; this page updates once it is confirmed.</p>`;
  }
  const failed = p.status === 'failed' ? `<p class="rc-alert" role="alert">${e(p.failure_message || 'The last attempt was declined.')} Try another card.</p>` : '';
  return `<form class="rc-pay" id="rc-pay" data-publishable-key="${e(m.publishable_key)}" data-client-secret="${e(p.client_secret)}">
      <h2 class="rc-pay__title">Pay ${e(money(o.total))} by card</h2>
      ${failed}
      <div class="rc-pay__element" id="rc-pay-element"></div>
      <p class="rc-alert" id="rc-pay-error" role="alert" hidden></p>
      <button class="rc-button" type="submit">Pay now</button>
      <noscript><p class="rc-notice">Card payments need JavaScript. Turn it on and reload this page.</p></noscript>
    </form>
    <script src="https://js.stripe.com/v3/"></script>
    <script>
    (function () {
      var form = document.getElementById('rc-pay');
      var error = document.getElementById('rc-pay-error');
      if (new URLSearchParams(location.search).get('redirect_status') === 'succeeded') { form.innerHTML = '<p class="rc-notice" role="status">Payment received; this page updates once it is confirmed.</p>'; return; }
      if (typeof Stripe !== 'function') { error.textContent = 'The card form could not be loaded. Reload the page to try again.'; error.hidden = false; return; }
      var stripe = Stripe(form.dataset.publishableKey);
      var elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
      elements.create('payment').mount('#rc-pay-element');
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        stripe.confirmPayment({ elements: elements, confirmParams: { return_url: location.origin + location.pathname } })
          .then(function (r) { if (r.error) { error.textContent = r.error.message; error.hidden = false; } });
      });
    })();
    </script>`;
}
