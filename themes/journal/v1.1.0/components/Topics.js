function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const topics = (Array.isArray(props.topics) ? props.topics : [])
    .filter((t) => t && t.label)
    .map((t) => {
      const count = Math.round(Number(t.count));
      return `<li><a class="jr-topic" href="${url(t.url)}">${e(t.label)}${count > 0 ? `<span class="jr-topic__count">${count}</span>` : ''}</a></li>`;
    })
    .join('');
  if (!topics) return '';
  return `<section class="jr-section jr-topics">
  <div class="jr-container jr-topics__inner">
    ${props.title ? `<h2 class="jr-topics__title">${e(props.title)}</h2>` : ''}
    <ul class="jr-topics__list" role="list">${topics}</ul>
  </div>
</section>`;
}
