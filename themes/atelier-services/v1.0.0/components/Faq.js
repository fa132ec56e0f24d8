function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const anchor = props.anchor ? ctx.slugify(String(props.anchor)) : '';
  const items = (Array.isArray(props.items) ? props.items : [])
    .filter((q) => q && q.question)
    .map((q, i) => `<details class="at-faq__item"${i === 0 ? ' open' : ''}>
        <summary><span>${e(q.question)}</span><span class="at-faq__icon" aria-hidden="true"></span></summary>
        ${q.answer ? `<p>${e(q.answer)}</p>` : ''}
      </details>`)
    .join('');
  if (!items) return '';
  return `<section class="at-section at-faq"${anchor ? ` id="${e(anchor)}"` : ''}>
  <div class="at-container at-faq__inner">
    <h2 class="at-title">${e(props.title)}</h2>
    <div class="at-faq__list">${items}</div>
  </div>
</section>`;
}
