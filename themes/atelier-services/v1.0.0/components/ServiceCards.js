function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const anchor = props.anchor ? ctx.slugify(String(props.anchor)) : '';
  const currencies = ['EUR', 'USD', 'GBP', 'DKK'];
  const currency = currencies.indexOf(props.currency) >= 0 ? props.currency : 'EUR';
  const icons = {
    compass: '<circle cx="12" cy="12" r="9"/><path d="M15.5 8.5l-2 5-5 2 2-5z"/>',
    pen: '<path d="M4 20l4-1 11-11-3-3L5 16z"/><path d="M14 7l3 3"/><path d="M4 20h16"/>',
    browser: '<rect x="3" y="4" width="18" height="16" rx="2"/><path d="M3 9h18"/><circle cx="6.5" cy="6.5" r=".6"/><circle cx="9" cy="6.5" r=".6"/><path d="M7 13h6M7 16h10"/>',
    rocket: '<path d="M12 3c4 2 6 6 6 10l-3 3H9l-3-3c0-4 2-8 6-10z"/><circle cx="12" cy="10" r="2"/><path d="M9 16l-2 5 3-2M15 16l2 5-3-2"/>',
    chart: '<path d="M4 20V4M4 20h16"/><path d="M8 16l4-5 3 3 5-7"/>',
    camera: '<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M8 7l2-3h4l2 3"/><circle cx="12" cy="13.5" r="3.5"/>'
  };
  const cards = (Array.isArray(props.services) ? props.services : [])
    .filter((s) => s && s.title)
    .map((s) => {
      const amount = Number(s.price);
      const price = isFinite(amount) && amount > 0
        ? `<p class="at-service__price"><span>From</span> ${e(ctx.formatPrice(amount, currency))}</p>`
        : '<p class="at-service__price"><span>Price</span> on request</p>';
      const deliverables = String(s.deliverables || '')
        .split('\n')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => `<li>${e(d)}</li>`)
        .join('');
      return `<li class="at-service">
        <span class="at-service__icon"><svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round">${icons[s.icon] || icons.compass}</svg></span>
        <h3 class="at-service__title">${e(s.title)}</h3>
        ${s.description ? `<p class="at-service__text">${e(s.description)}</p>` : ''}
        ${deliverables ? `<ul class="at-service__list" role="list">${deliverables}</ul>` : ''}
        <div class="at-service__foot">
          ${price}
          ${s.url ? `<a class="at-service__link" href="${url(s.url)}" aria-label="Enquire about ${e(s.title)}"><span aria-hidden="true">&rarr;</span></a>` : ''}
        </div>
      </li>`;
    })
    .join('');
  return `<section class="at-section at-services"${anchor ? ` id="${e(anchor)}"` : ''}>
  <div class="at-container">
    <div class="at-head">
      ${props.eyebrow ? `<p class="at-eyebrow">${e(props.eyebrow)}</p>` : ''}
      <h2 class="at-title">${e(props.title)}</h2>
      ${props.subtitle ? `<p class="at-subtitle">${e(props.subtitle)}</p>` : ''}
    </div>
    ${cards ? `<ul class="at-services__grid" role="list">${cards}</ul>` : '<p class="at-empty">Services are being updated — get in touch to hear what we can do for you.</p>'}
  </div>
</section>`;
}
