// A flag's review chips, large: before/after as a swipe (drag the slider or
// press S for side by side), other views (an outfall's `visible`) as they are.
import { get } from './api.js';
import { el } from './ui.js';

let sideBySide = false;

function swipe(before, after) {
  const beforeImg = el('img', { src: before.url, alt: 'before', class: 'chip' });
  const afterImg = el('img', { src: after.url, alt: 'after', class: 'chip over' });
  const slider = el('input', { type: 'range', min: 0, max: 100, value: 50, id: 'swipe', 'aria-label': 'swipe between before and after' });
  // CSSOM, not a style attribute: the CSP allows no inline style.
  const clip = () => (afterImg.style.clipPath = `inset(0 0 0 ${slider.value}%)`);
  slider.addEventListener('input', clip);
  clip();
  return el('div', { class: 'swipe' },
    el('div', { class: 'swipe-stack' }, beforeImg, afterImg),
    el('div', { class: 'swipe-labels' }, el('span', {}, 'before'), slider, el('span', {}, 'after')));
}

function pair(before, after) {
  return el('div', { class: 'side-by-side' },
    el('figure', {}, el('img', { src: before.url, alt: 'before', class: 'chip' }), el('figcaption', {}, 'before')),
    el('figure', {}, el('img', { src: after.url, alt: 'after', class: 'chip' }), el('figcaption', {}, 'after')));
}

// Fills box with the flag's chips; returns the list the server gave.
export async function showChips(box, flagId) {
  const { chips } = await get(`/api/flags/${encodeURIComponent(flagId)}/chips`);
  const before = chips.find((c) => c.view === 'before');
  const after = chips.find((c) => c.view === 'after');
  const others = chips.filter((c) => c !== before && c !== after);
  const parts = [];
  if (before && after) parts.push(sideBySide ? pair(before, after) : swipe(before, after));
  for (const chip of [...(before && after ? [] : [before, after].filter(Boolean)), ...others]) {
    parts.push(el('figure', {}, el('img', { src: chip.url, alt: chip.view, class: 'chip' }), el('figcaption', {}, chip.view)));
  }
  if (!parts.length) parts.push(el('p', { class: 'muted' }, 'No image chips for this flag.'));
  box.replaceChildren(...parts);
  box.dataset.flag = flagId;
  return chips;
}

export function toggleSideBySide() {
  sideBySide = !sideBySide;
  return sideBySide;
}
