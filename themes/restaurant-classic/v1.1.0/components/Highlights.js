function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const icons = {
    pasta: '<path d="M4 13h24a12 12 0 0 1-24 0z"/><path d="M9 13c0-4 3-5 3-8M14 13c0-4 3-5 3-8M19 13c0-4 3-5 3-8"/><path d="M11 26h10"/>',
    wine: '<path d="M10 4h12l-1 8a5 5 0 0 1-10 0z"/><path d="M16 17v9M11 28h10"/><path d="M10.6 9h10.8"/>',
    fire: '<path d="M16 28c-5 0-8-3.5-8-8 0-6 6-8 5-15 4 2 6 5 6 9 1.5-1 2-3 2-4 2.5 2 3 5.5 3 10 0 4.5-3 8-8 8z"/><path d="M16 28c-2 0-3.5-1.6-3.5-3.6 0-2.6 3.5-3.4 3.5-6.4 2.5 1.5 3.5 3.6 3.5 6.4 0 2-1.5 3.6-3.5 3.6z"/>',
    leaf: '<path d="M6 26C6 14 13 6 27 5c0 14-8 21-20 21"/><path d="M6 26c5-6 10-10 16-14"/>',
    cheese: '<path d="M4 14l18-8 6 8z"/><path d="M4 14h24v12H4z"/><circle cx="11" cy="20" r="2"/><circle cx="20" cy="22" r="1.5"/>',
    star: '<path d="M16 4l3.6 7.6 8.4 1.1-6.1 5.8 1.6 8.3L16 22.8l-7.5 4 1.6-8.3L4 12.7l8.4-1.1z"/>'
  };
  const items = (Array.isArray(props.items) ? props.items : [])
    .filter((i) => i && i.title)
    .map((i) => `<li class="rc-highlight">
        <svg class="rc-highlight__icon" viewBox="0 0 32 32" width="40" height="40" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">${icons[i.icon] || icons.star}</svg>
        <h3 class="rc-highlight__title">${e(i.title)}</h3>
        ${i.text ? `<p>${e(i.text)}</p>` : ''}
      </li>`)
    .join('');
  if (!items) return '';
  return `<section class="rc-highlights">
  <div class="rc-container"><ul class="rc-highlights__grid" role="list">${items}</ul></div>
</section>`;
}
