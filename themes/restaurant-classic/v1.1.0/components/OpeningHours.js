function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const anchor = props.anchor ? ctx.slugify(String(props.anchor)) : '';
  const rows = (Array.isArray(props.hours) ? props.hours : [])
    .filter((h) => h && h.days)
    .map((h) => {
      const closed = /^\s*closed\s*$/i.test(String(h.time || ''));
      return `<div class="rc-hours__row${closed ? ' rc-hours__row--closed' : ''}"><dt>${e(h.days)}</dt><dd>${e(h.time)}</dd></div>`;
    })
    .join('');
  const address = String(props.address || '')
    .split('\n')
    .map((l) => e(l.trim()))
    .filter(Boolean)
    .join('<br>');
  const tel = String(props.phone || '').replace(/[^0-9+]/g, '');
  const email = String(props.email || '').trim();
  const emailOk = /^[^\s@<>"']+@[^\s@<>"']+$/.test(email);
  return `<section class="rc-section rc-hours"${anchor ? ` id="${e(anchor)}"` : ''}>
  <div class="rc-container rc-hours__inner">
    <div class="rc-hours__card">
      <h2 class="rc-title">${e(props.title)}</h2>
      <dl class="rc-hours__table">${rows}</dl>
      ${props.note ? `<p class="rc-hours__note">${e(props.note)}</p>` : ''}
    </div>
    <div class="rc-hours__contact">
      ${address ? `<div class="rc-hours__block"><h3>Find us</h3><address>${address}</address></div>` : ''}
      ${tel || emailOk ? `<div class="rc-hours__block"><h3>Get in touch</h3>
        ${tel ? `<p><a href="tel:${e(tel)}">${e(props.phone)}</a></p>` : ''}
        ${emailOk ? `<p><a href="mailto:${e(email)}">${e(email)}</a></p>` : ''}
      </div>` : ''}
      ${props.mapLabel ? `<a class="rc-button rc-button--outline-light" href="${url(props.mapUrl)}">${e(props.mapLabel)}</a>` : ''}
    </div>
  </div>
</section>`;
}
