function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const anchor = props.anchor ? ctx.slugify(String(props.anchor)) : '';
  const steps = (Array.isArray(props.steps) ? props.steps : [])
    .filter((s) => s && s.title)
    .map((s, i) => `<li class="at-step">
        <div class="at-step__top">
          <span class="at-step__num">${String(i + 1).padStart(2, '0')}</span>
          ${s.duration ? `<span class="at-step__time">${e(s.duration)}</span>` : ''}
        </div>
        <h3 class="at-step__title">${e(s.title)}</h3>
        ${s.text ? `<p class="at-step__text">${e(s.text)}</p>` : ''}
      </li>`)
    .join('');
  if (!steps) return '';
  return `<section class="at-section at-workflow"${anchor ? ` id="${e(anchor)}"` : ''}>
  <div class="at-container">
    <div class="at-head at-head--light">
      ${props.eyebrow ? `<p class="at-eyebrow">${e(props.eyebrow)}</p>` : ''}
      <h2 class="at-title">${e(props.title)}</h2>
    </div>
    <ol class="at-workflow__list" role="list">${steps}</ol>
  </div>
</section>`;
}
