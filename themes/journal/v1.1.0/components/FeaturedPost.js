function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const date = (iso) => {
    const s = String(iso || '').trim();
    if (!s) return '';
    let text = s;
    try {
      text = ctx.formatDate(s, 'MMM D, YYYY') || s;
    } catch (err) {
      text = s;
    }
    return `<time datetime="${e(s)}">${e(text)}</time>`;
  };
  const minutes = Math.round(Number(props.readingTime));
  const meta = [
    props.author ? `<span>By ${e(props.author)}</span>` : '',
    date(props.date),
    minutes > 0 ? `<span>${minutes} min read</span>` : ''
  ].filter(Boolean).join('<span class="jr-dot" aria-hidden="true">·</span>');
  const href = url(props.url);
  return `<section class="jr-section jr-featured">
  <div class="jr-container">
    <article class="jr-featured__card">
      ${props.image ? `<a class="jr-featured__media" href="${href}" tabindex="-1" aria-hidden="true"><img src="${url(props.image)}" alt="${e(props.imageAlt)}" width="960" height="640" decoding="async"></a>` : ''}
      <div class="jr-featured__body">
        <p class="jr-kicker">${props.label ? `<span class="jr-kicker__label">${e(props.label)}</span>` : ''}${props.category ? `<span>${e(props.category)}</span>` : ''}</p>
        <h2 class="jr-featured__title"><a href="${href}">${e(props.title)}</a></h2>
        ${props.excerpt ? `<p class="jr-featured__excerpt">${e(props.excerpt)}</p>` : ''}
        ${meta ? `<p class="jr-meta">${meta}</p>` : ''}
        <a class="jr-readmore" href="${href}">Read the essay <span aria-hidden="true">&rarr;</span></a>
      </div>
    </article>
  </div>
</section>`;
}
