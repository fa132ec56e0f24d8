function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const initials = String(props.name || '?')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
  const links = (Array.isArray(props.links) ? props.links : [])
    .filter((l) => l && l.label)
    .map((l) => `<li><a href="${url(l.url)}">${e(l.label)}</a></li>`)
    .join('');
  return `<section class="jr-section jr-author">
  <div class="jr-container">
    <div class="jr-author__card">
      <div class="jr-author__portrait">
        ${props.avatar ? `<img src="${url(props.avatar)}" alt="Portrait of ${e(props.name)}" width="240" height="240" loading="lazy" decoding="async">` : `<span aria-hidden="true">${e(initials)}</span>`}
      </div>
      <div class="jr-author__body">
        ${props.eyebrow ? `<p class="jr-kicker"><span>${e(props.eyebrow)}</span></p>` : ''}
        <h2 class="jr-author__name">${e(props.name)}</h2>
        ${props.role ? `<p class="jr-author__role">${e(props.role)}</p>` : ''}
        ${props.bio ? `<p class="jr-author__bio">${e(props.bio)}</p>` : ''}
        ${links ? `<ul class="jr-author__links" role="list">${links}</ul>` : ''}
      </div>
    </div>
  </div>
</section>`;
}
