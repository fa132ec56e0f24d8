function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const star = '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><path d="M10 1.8l2.5 5.2 5.7.8-4.1 4 1 5.6L10 14.7l-5.1 2.7 1-5.6-4.1-4 5.7-.8z"/></svg>';
  const items = (Array.isArray(props.items) ? props.items : [])
    .filter((t) => t && t.quote)
    .map((t) => {
      const rating = Math.max(0, Math.min(5, Math.round(Number(t.rating) || 0)));
      let stars = '';
      for (let i = 1; i <= 5; i++) stars += `<span class="kd-star${i <= rating ? ' kd-star--on' : ''}">${star}</span>`;
      const initials = String(t.name || '?')
        .split(/\s+/)
        .filter(Boolean)
        .slice(0, 2)
        .map((w) => w.charAt(0).toUpperCase())
        .join('');
      return `<li class="kd-testimonial">
        <figure>
          ${rating ? `<div class="kd-testimonial__rating" role="img" aria-label="${rating} out of 5 stars">${stars}</div>` : ''}
          <blockquote class="kd-testimonial__quote"><p>${e(t.quote)}</p></blockquote>
          <figcaption class="kd-testimonial__author">
            <span class="kd-testimonial__avatar" aria-hidden="true">${e(initials)}</span>
            <span><strong>${e(t.name)}</strong>${t.detail ? `<small>${e(t.detail)}</small>` : ''}</span>
          </figcaption>
        </figure>
      </li>`;
    })
    .join('');
  if (!items) return '';
  return `<section class="kd-section kd-testimonials">
  <div class="kd-container">
    <div class="kd-section__head kd-section__head--center">
      <div>
        <h2 class="kd-section__title">${e(props.title)}</h2>
        ${props.subtitle ? `<p class="kd-section__subtitle">${e(props.subtitle)}</p>` : ''}
      </div>
    </div>
    <ul class="kd-testimonials__grid" role="list">${items}</ul>
  </div>
</section>`;
}
