function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const items = (Array.isArray(props.items) ? props.items : [])
    .filter((r) => r && r.quote)
    .map((r) => `<li class="rc-review">
        <figure>
          <blockquote><p>${e(r.quote)}</p></blockquote>
          ${r.source ? `<figcaption>${e(r.source)}</figcaption>` : ''}
        </figure>
      </li>`)
    .join('');
  if (!items) return '';
  return `<section class="rc-section rc-reviews">
  <div class="rc-container">
    ${props.title ? `<h2 class="rc-title rc-title--center">${e(props.title)}</h2><span class="rc-ornament rc-ornament--center" aria-hidden="true"></span>` : ''}
    <ul class="rc-reviews__grid" role="list">${items}</ul>
  </div>
</section>`;
}
