function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const limit = Math.min(12, Math.max(1, Math.floor(Number(props.limit) || 4)));
  const all = (ctx.data && typeof ctx.data.collections === 'function' ? ctx.data.collections() : []) || [];
  const items = all.slice(0, limit);
  const head = `<div class="kd-section__head">
      <div>
        <h2 class="kd-section__title">${e(props.title)}</h2>
        ${props.subtitle ? `<p class="kd-section__subtitle">${e(props.subtitle)}</p>` : ''}
      </div>
    </div>`;
  if (!items.length) {
    return `<section class="kd-section kd-collections">
  <div class="kd-container">${head}
    <div class="kd-empty"><p class="kd-empty__title">Collections are coming soon</p><p class="kd-empty__text">Group your products into collections and they will appear here.</p></div>
  </div>
</section>`;
  }
  const cards = items
    .map((c, i) => `<li class="kd-collection kd-collection--${(i % 4) + 1}">
        <a class="kd-collection__link" href="${url(c.url || '/collections/' + ctx.slugify(c.handle || c.title || ''))}">
          <span class="kd-collection__title">${e(c.title)}</span>
          <span class="kd-collection__cta">Shop now <span aria-hidden="true">&rarr;</span></span>
        </a>
      </li>`)
    .join('');
  return `<section class="kd-section kd-collections">
  <div class="kd-container">${head}
    <ul class="kd-collections__grid" role="list">${cards}</ul>
  </div>
</section>`;
}
