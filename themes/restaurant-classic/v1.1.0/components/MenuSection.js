function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const anchor = props.anchor ? ctx.slugify(String(props.anchor)) : '';
  const currencies = ['EUR', 'USD', 'GBP', 'CHF', 'CAD'];
  const currency = currencies.indexOf(props.currency) >= 0 ? props.currency : 'EUR';
  const layout = props.layout === 'one' ? 'one' : 'two';
  const dishes = (Array.isArray(props.dishes) ? props.dishes : []).filter((d) => d && d.name);
  const list = dishes
    .map((d) => {
      const amount = Number(d.price);
      const price = d.price !== '' && d.price != null && isFinite(amount) ? ctx.formatPrice(amount, currency) : '';
      const marks = String(d.dietary || '')
        .split(/[\s,·]+/)
        .filter(Boolean)
        .slice(0, 6)
        .map((m) => `<abbr class="rc-dish__mark">${e(m)}</abbr>`)
        .join('');
      const chef = d.highlight === 'yes';
      return `<li class="rc-dish${chef ? ' rc-dish--highlight' : ''}">
        <div class="rc-dish__line">
          <h3 class="rc-dish__name">${e(d.name)}${marks ? ` <span class="rc-dish__marks">${marks}</span>` : ''}</h3>
          <span class="rc-dish__leader" aria-hidden="true"></span>
          ${price ? `<span class="rc-dish__price">${e(price)}</span>` : ''}
        </div>
        ${d.description ? `<p class="rc-dish__desc">${e(d.description)}</p>` : ''}
        ${chef ? '<p class="rc-dish__badge">Chef’s recommendation</p>' : ''}
      </li>`;
    })
    .join('');
  const body = dishes.length
    ? `<ul class="rc-menu__list rc-menu__list--${layout}" role="list">${list}</ul>`
    : '<p class="rc-menu__empty">Our menu changes with the market — ask your server about today’s dishes.</p>';
  return `<section class="rc-section rc-menu"${anchor ? ` id="${e(anchor)}"` : ''}>
  <div class="rc-container">
    <header class="rc-menu__head">
      <h2 class="rc-title">${e(props.title)}</h2>
      <span class="rc-ornament" aria-hidden="true"></span>
      ${props.subtitle ? `<p class="rc-menu__subtitle">${e(props.subtitle)}</p>` : ''}
    </header>
    ${body}
    ${props.note ? `<p class="rc-menu__note">${e(props.note)}</p>` : ''}
  </div>
</section>`;
}
