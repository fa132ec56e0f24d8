function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const paths = {
    truck: '<path d="M3 6h11v10H3z"/><path d="M14 9h4l3 3.5V16h-7"/><circle cx="7" cy="17.5" r="1.8"/><circle cx="17" cy="17.5" r="1.8"/>',
    return: '<path d="M4 10h11a5 5 0 0 1 0 10h-3"/><path d="M8 6l-4 4 4 4"/>',
    leaf: '<path d="M5 19c0-8 5-14 15-14 0 10-6 15-14 15"/><path d="M5 19c3-4 6-6 10-8"/>',
    shield: '<path d="M12 3l7 3v6c0 4.5-3 7.6-7 9-4-1.4-7-4.5-7-9V6z"/><path d="M9 12l2 2 4-4"/>',
    gift: '<rect x="4" y="9" width="16" height="11" rx="1.5"/><path d="M3 9h18M12 9v11"/><path d="M12 9c-2-3-6-3-6-.5S10 9 12 9zm0 0c2-3 6-3 6-.5S14 9 12 9z"/>',
    chat: '<path d="M5 5h14a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1h-8l-5 4v-4H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z"/><path d="M8 10h8M8 13h5"/>'
  };
  const items = (Array.isArray(props.features) ? props.features : [])
    .filter((f) => f && (f.title || f.text))
    .map((f) => {
      const icon = paths[f.icon] || paths.leaf;
      return `<li class="kd-feature">
        <span class="kd-feature__icon"><svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round">${icon}</svg></span>
        <h3 class="kd-feature__title">${e(f.title)}</h3>
        ${f.text ? `<p class="kd-feature__text">${e(f.text)}</p>` : ''}
      </li>`;
    })
    .join('');
  return `<section class="kd-section kd-features">
  <div class="kd-container">
    ${props.title ? `<h2 class="kd-section__title kd-features__title">${e(props.title)}</h2>` : ''}
    <ul class="kd-features__grid" role="list">${items}</ul>
  </div>
</section>`;
}
