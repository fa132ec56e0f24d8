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
    <p class="rc-notice" role="status">${e(labels[o.status] || o.status)}</p>
    <ul class="rc-basket__list" role="list">${(o.lines || []).map((l) => `<li class="rc-basket__item"><span>${e(l.quantity)} × ${e(l.title)}</span><span class="rc-basket__price">${e(money(l.line_price))}</span></li>`).join('')}</ul>
    <p class="rc-basket__total"><span>Total</span><span>${e(money(o.total))}</span></p>
    <p class="rc-order__actions"><a class="rc-button rc-button--outline" href="/collections">Back to the menu</a></p>
  </div></section>`;
}
