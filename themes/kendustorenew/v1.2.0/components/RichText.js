function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const paragraphs = String(props.body == null ? '' : props.body)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${e(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const align = props.align === 'left' ? 'left' : 'center';
  const width = props.width === 'wide' ? 'wide' : 'narrow';
  return `<section class="kd-section kd-richtext kd-richtext--${align} kd-richtext--${width}">
  <div class="kd-container">
    <div class="kd-richtext__inner">
      ${props.heading ? `<h2 class="kd-section__title">${e(props.heading)}</h2>` : ''}
      <div class="kd-prose">${paragraphs}</div>
    </div>
  </div>
</section>`;
}
