function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const anchor = props.anchor ? ctx.slugify(String(props.anchor)) : '';
  const idp = 'at-' + (anchor || 'contact');
  const email = String(props.email || '').trim();
  const emailOk = /^[^\s@<>"']+@[^\s@<>"']+$/.test(email);
  const tel = String(props.phone || '').replace(/[^0-9+]/g, '');
  const address = String(props.address || '').split('\n').map((l) => e(l.trim())).filter(Boolean).join('<br>');
  const budgets = String(props.budgetOptions || '')
    .split('\n')
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => `<option>${e(b)}</option>`)
    .join('');
  return `<section class="at-section at-contact"${anchor ? ` id="${e(anchor)}"` : ''}>
  <div class="at-container">
    <div class="at-contact__card">
      <div class="at-contact__info">
        ${props.eyebrow ? `<p class="at-eyebrow">${e(props.eyebrow)}</p>` : ''}
        <h2 class="at-title">${e(props.title)}</h2>
        ${props.text ? `<p class="at-contact__text">${e(props.text)}</p>` : ''}
        <ul class="at-contact__details" role="list">
          ${emailOk ? `<li><span>Email</span><a href="mailto:${e(email)}">${e(email)}</a></li>` : ''}
          ${tel ? `<li><span>Phone</span><a href="tel:${e(tel)}">${e(props.phone)}</a></li>` : ''}
          ${address ? `<li><span>Studio</span><address>${address}</address></li>` : ''}
        </ul>
      </div>
      <form class="at-form" action="${url(props.action)}" method="post">
        <div class="at-form__row">
          <div class="at-field"><label for="${e(idp)}-name">Name</label><input id="${e(idp)}-name" name="name" autocomplete="name" required></div>
          <div class="at-field"><label for="${e(idp)}-email">Email</label><input id="${e(idp)}-email" name="email" type="email" autocomplete="email" required></div>
        </div>
        ${budgets ? `<div class="at-field"><label for="${e(idp)}-budget">Budget</label><select id="${e(idp)}-budget" name="budget">${budgets}</select></div>` : ''}
        <div class="at-field"><label for="${e(idp)}-message">Project details</label><textarea id="${e(idp)}-message" name="message" rows="5" required placeholder="What are you building, and by when?"></textarea></div>
        <button class="at-button at-button--primary at-button--block" type="submit">${e(props.buttonLabel || 'Send')}</button>
      </form>
    </div>
  </div>
</section>`;
}
