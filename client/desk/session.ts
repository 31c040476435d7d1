// The account area of the header: a login form for staff (the public never needs it), then the
// user's name and role and a logout button. Messages in French for a wrong password, too many
// attempts (429) and an expired session.
import { ApiError } from '../api.ts';
import { staffApi, setExpiredHandler, type User } from './api.ts';
import { h, message } from './dom.ts';
import { ROLE_LABELS } from './labels.ts';

const STAFF_FLAG = 'terrier.staff';

export type Session = {
  user: () => User | null;
  /** Opens the login form (focus on the login field), with an optional explanation. */
  askLogin: (why?: string) => void;
  onChange: (fn: (u: User | null) => void) => void;
  /** Settled once the session is known (a returning staff browser asks the server first). */
  ready: Promise<void>;
};

/** The French message for a failed login: the server's own (it is French), else a fallback by status. */
export function loginError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code && err.status < 500) return err.message;
    if (err.status === 429) return 'Trop de tentatives échouées : connexion bloquée quelques minutes. Réessayez plus tard.';
    if (err.status === 401) return 'Identifiant ou mot de passe incorrect.';
    if (err.status === 400) return 'Saisissez votre identifiant et votre mot de passe.';
  }
  return 'Connexion impossible : le serveur ne répond pas. Réessayez.';
}

export function createSession(root: HTMLElement): Session {
  let user: User | null = null;
  const listeners: ((u: User | null) => void)[] = [];
  const set = (u: User | null) => {
    user = u;
    if (u) localStorage.setItem(STAFF_FLAG, '1'); else localStorage.removeItem(STAFF_FLAG);
    render();
    for (const fn of listeners) fn(u);
  };

  const loginInput = h('input', { id: 'login-user', name: 'username', autocomplete: 'username', required: true });
  const passwordInput = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const feedback = h('div', { class: 'login-feedback' });
  const submit = h('button', { type: 'submit', class: 'desk-button primary' }, 'Se connecter');
  const form = h('form', { class: 'login-form', 'aria-label': 'Connexion du personnel', hidden: true },
    h('label', {}, 'Identifiant', loginInput), h('label', {}, 'Mot de passe', passwordInput), submit,
    h('button', { type: 'button', class: 'desk-button', onclick: () => { form.hidden = true; openButton.focus(); } }, 'Annuler'), feedback);
  form.addEventListener('keydown', (e) => { if (e.key === 'Escape') { form.hidden = true; openButton.focus(); } });
  const openButton = h('button', { type: 'button', class: 'desk-button header-button', id: 'login-open' }, 'Connexion');
  openButton.addEventListener('click', () => askLogin());

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    feedback.replaceChildren();
    try {
      const u = await staffApi.login(loginInput.value.trim(), passwordInput.value);
      passwordInput.value = '';
      form.hidden = true;
      set(u);
    } catch (err) {
      feedback.replaceChildren(message('error', loginError(err)));
      passwordInput.select();
    } finally {
      submit.disabled = false;
    }
  });

  function askLogin(why?: string): void {
    if (user) return;
    // Already open with a message (the session expired): keep it, it says more.
    if (!form.hidden && feedback.childElementCount) { loginInput.focus(); return; }
    form.hidden = false;
    feedback.replaceChildren(...(why ? [message('info', why)] : []));
    loginInput.focus();
  }

  function render(): void {
    if (!user) {
      root.replaceChildren(openButton, form);
      return;
    }
    const logout = h('button', { type: 'button', class: 'desk-button header-button', id: 'logout' }, 'Déconnexion');
    logout.addEventListener('click', async () => {
      try { await staffApi.logout(); } catch { /* the session is over on this side anyway */ }
      loginInput.value = ''; // a shared computer: the next person types their own
      set(null);
      openButton.focus();
    });
    root.replaceChildren(
      h('span', { class: 'account-user', id: 'account-user' },
        h('b', {}, user.name ?? user.login), ' · ', h('span', { class: 'account-role', 'data-role': user.role }, ROLE_LABELS[user.role] ?? user.role)),
      logout);
  }

  setExpiredHandler(() => {
    if (!user) return;
    form.hidden = true; // so that the message below is the one shown, whatever the listeners ask
    user = null;
    askLogin('Votre session a expiré : reconnectez-vous pour continuer.');
    set(null);
  });

  render();
  // Only a browser that logged in asks who it is: the public's page load makes no failing request.
  const ready = localStorage.getItem(STAFF_FLAG)
    ? staffApi.me().then((u) => { if (u) set(u); else localStorage.removeItem(STAFF_FLAG); }).catch(() => { /* server down: the health line says so */ })
    : Promise.resolve();
  return { user: () => user, askLogin, onChange: (fn) => { listeners.push(fn); }, ready };
}
