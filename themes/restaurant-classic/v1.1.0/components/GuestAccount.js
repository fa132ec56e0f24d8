function render(props, ctx) {
  const e = (v) => ctx.escapeHtml(v == null ? '' : String(v));
  const url = (v) => {
    const s = String(v == null ? '' : v).replace(/[\u0000-\u0020\u007f]/g, '');
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
    if (!s || (m && !/^(https?|mailto|tel)$/i.test(m[1]))) return '#';
    return e(s);
  };
  const account = ctx.account || {};
  let view = account.view || 'login';
  if (!ctx.user && (view === 'overview' || view === 'orders')) view = 'login';
  const input = (name, label, type, auto, extra) => `<label class="rc-field"><span>${e(label)}</span><input class="rc-input" type="${type}" name="${name}" autocomplete="${auto}" ${extra || ''}></label>`;
  const wrap = (title, body) => `<section class="rc-section rc-account"><div class="rc-container rc-account__inner">
    <header class="rc-menu__head"><h1 class="rc-title">${e(title)}</h1><span class="rc-ornament" aria-hidden="true"></span></header>
    ${account.error ? `<p class="rc-alert" role="alert">${e(account.error)}</p>` : account.message ? `<p class="rc-notice" role="status">${e(account.message)}</p>` : ''}
    ${body}</div></section>`;
  if (view === 'register') {
    return wrap('Create an account', `<form class="rc-form" method="post" action="/account/register">
      ${input('name', 'Name', 'text', 'name', 'maxlength="120"')}${input('email', 'Email', 'email', 'email', 'required maxlength="254"')}
      ${input('password', 'Password (at least 8 characters)', 'password', 'new-password', 'required minlength="8" maxlength="200"')}
      <button class="rc-button rc-button--primary" type="submit">Create account</button>
      <p><a href="/account/login">I already have an account</a></p></form>`);
  }
  if (view === 'reset') {
    return wrap('Reset your password', account.token
      ? `<form class="rc-form" method="post" action="/account/reset"><input type="hidden" name="token" value="${e(account.token)}">
          ${input('password', 'New password', 'password', 'new-password', 'required minlength="8" maxlength="200"')}
          <button class="rc-button rc-button--primary" type="submit">Set password</button></form>`
      : `<form class="rc-form" method="post" action="/account/reset">${input('email', 'Email', 'email', 'email', 'required maxlength="254"')}
          <button class="rc-button rc-button--primary" type="submit">Send reset link</button><p><a href="/account/login">Back to sign in</a></p></form>`);
  }
  if (view === 'login') {
    return wrap('Sign in', `<form class="rc-form" method="post" action="/account/login">
      ${input('email', 'Email', 'email', 'email', 'required maxlength="254"')}${input('password', 'Password', 'password', 'current-password', 'required maxlength="200"')}
      <button class="rc-button rc-button--primary" type="submit">Sign in</button>
      <p><a href="/account/reset">Forgot your password?</a> · <a href="/account/register">Create an account</a></p>
      <p class="rc-menu__note">${e(props.guestNote)}</p></form>`);
  }
  const orders = Array.isArray(account.orders) ? account.orders : [];
  return wrap('Your orders', `<p>Signed in as <strong>${e(ctx.user.email)}</strong>.</p>
    ${orders.length ? `<ul class="rc-basket__list" role="list">${orders.map((o) => `<li class="rc-basket__item"><a href="${url(o.url)}">${e(o.name)}</a><span>${e(ctx.formatDate(o.created_at, 'D MMM YYYY'))} · ${e(o.status)}</span><span class="rc-basket__price">${e(ctx.formatPrice(o.total, o.currency || 'EUR'))}</span></li>`).join('')}</ul>` : '<p class="rc-menu__empty">No orders yet.</p>'}
    <form method="post" action="/account/logout"><button class="rc-button rc-button--outline rc-button--small" type="submit">Sign out</button></form>`);
}
