// The login view.
import { login } from '../api.js';
import { el } from '../ui.js';

export function renderLogin(root, { onLoggedIn }) {
  const message = el('p', { id: 'login-error', class: 'error' });
  const form = el(
    'form',
    { id: 'login', class: 'panel login' },
    el('h2', {}, 'envgrid viewer'),
    el('label', {}, 'User ', el('input', { name: 'user_name', autocomplete: 'username', required: '' })),
    el('label', {}, 'Password ', el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: '' })),
    el('button', { type: 'submit' }, 'Log in'),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    try {
      await login(form.elements.user_name.value.trim(), form.elements.password.value);
      onLoggedIn();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  root.replaceChildren(form);
  form.elements.user_name.focus();
}
