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
      ${o.status === 'pending' && o.payment_method === 'manual' ? `<p>${e(props.manualText)}</p>` : ''}
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
