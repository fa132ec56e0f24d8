function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const paragraphs = String(props.body || '').split(/\n{2,}/).filter((t) => t.trim()).map((t) => `<p>${e(t.trim())}</p>`).join('');
  return `<section class="rc-section rc-text"><div class="rc-container rc-text__inner">
    ${props.eyebrow ? `<p class="rc-eyebrow">${e(props.eyebrow)}</p>` : ''}
    <h1 class="rc-title">${e(props.title)}</h1>
    <span class="rc-ornament" aria-hidden="true"></span>
    <div class="rc-text__body">${paragraphs}</div>
  </div></section>`;
}
