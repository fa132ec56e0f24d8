function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const tones = { primary: 'primary', dark: 'dark', accent: 'accent' };
  const tone = tones[props.tone] || 'dark';
  if (!props.message) return '';
  const link = props.linkLabel
    ? ` <a class="kd-announcement__link" href="${url(props.linkUrl)}">${e(props.linkLabel)} <span aria-hidden="true">&rarr;</span></a>`
    : '';
  return `<div class="kd-announcement kd-announcement--${tone}" role="region" aria-label="Announcement">
  <div class="kd-container kd-announcement__inner"><p>${e(props.message)}${link}</p></div>
</div>`;
}
