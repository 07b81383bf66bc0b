// Small DOM helpers: no framework, no inline styles (the CSP forbids them).

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.className = `show ${kind}`;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.className = ''), 2500);
}

// A table of a feature's properties.
export function propertyTable(properties) {
  const rows = Object.entries(properties)
    .filter(([key]) => key !== 'geometry')
    .map(([key, value]) => el('tr', {}, el('th', {}, key), el('td', {}, value ?? '')));
  return el('table', { class: 'props' }, rows);
}
