function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const items = (Array.isArray(props.items) ? props.items : [])
    .filter((t) => t && t.quote)
    .map((t, i) => {
      const initials = String(t.name || '?')
        .split(/\s+/)
        .filter(Boolean)
        .slice(0, 2)
        .map((w) => w.charAt(0).toUpperCase())
        .join('');
      return `<li class="at-quote${i === 0 ? ' at-quote--feature' : ''}">
        <figure>
          <blockquote><p>${e(t.quote)}</p></blockquote>
          <figcaption>
            <span class="at-quote__avatar" aria-hidden="true">${e(initials)}</span>
            <span><strong>${e(t.name)}</strong>${t.role ? `<small>${e(t.role)}</small>` : ''}</span>
          </figcaption>
        </figure>
      </li>`;
    })
    .join('');
  if (!items) return '';
  return `<section class="at-section at-testimonials">
  <div class="at-container">
    <div class="at-head">
      ${props.eyebrow ? `<p class="at-eyebrow">${e(props.eyebrow)}</p>` : ''}
      <h2 class="at-title">${e(props.title)}</h2>
    </div>
    <ul class="at-testimonials__grid" role="list">${items}</ul>
  </div>
</section>`;
}
