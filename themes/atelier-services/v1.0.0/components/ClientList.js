function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const anchor = props.anchor ? ctx.slugify(String(props.anchor)) : '';
  const clients = (Array.isArray(props.clients) ? props.clients : [])
    .filter((c) => c && c.name)
    .map((c, i) => `<li class="at-client at-client--${(i % 3) + 1}">${e(c.name)}</li>`)
    .join('');
  if (!clients) return '';
  return `<section class="at-clients"${anchor ? ` id="${e(anchor)}"` : ''}>
  <div class="at-container at-clients__inner">
    ${props.title ? `<p class="at-clients__title">${e(props.title)}</p>` : ''}
    <ul class="at-clients__list" role="list">${clients}</ul>
  </div>
</section>`;
}
