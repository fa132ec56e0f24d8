function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  if (!props.quote) return '';
  return `<section class="jr-section jr-pullquote">
  <div class="jr-container">
    <figure class="jr-pullquote__figure">
      <blockquote><p>${e(props.quote)}</p></blockquote>
      ${props.attribution ? `<figcaption>${e(props.attribution)}</figcaption>` : ''}
    </figure>
  </div>
</section>`;
}
