// The template form: a check as pass / fail / n.a. with a note, a measure as
// a number in the template's unit (or left empty with a note why), a finding
// as text. answersOf reads it back as the answers of docs/field-work.md.
import { el } from '../ui.js';

const CHOICES = [['pass', '✓ pass'], ['fail', '✗ fail'], ['not_applicable', 'n.a.']];

function item(i) {
  const name = `item-${i.item_id}`;
  const head = el('legend', {}, i.text, i.unit ? ` (${i.unit})` : '');
  const basis = i.legal_basis ? el('small', { class: 'basis' }, i.legal_basis) : null;
  if (i.type === 'check') {
    return el('fieldset', { class: 'check', 'data-item': i.item_id }, head,
      el('div', { class: 'choices' }, CHOICES.map(([value, label]) =>
        el('label', {}, el('input', { type: 'radio', name, value }), label))),
      el('input', { type: 'text', name: `${name}-note`, placeholder: 'note' }), basis);
  }
  if (i.type === 'measure') {
    return el('fieldset', { class: 'measure', 'data-item': i.item_id }, head,
      el('input', { type: 'number', inputmode: 'decimal', step: 'any', name }),
      el('input', { type: 'text', name: `${name}-note`, placeholder: 'note (why not measured)' }), basis);
  }
  return el('fieldset', { class: 'finding', 'data-item': i.item_id }, head, el('textarea', { name, rows: 3 }));
}

export function templateForm(template) {
  return el('form', { id: 'template-form', class: 'template-form', onsubmit: (e) => e.preventDefault() },
    el('h3', {}, template.name), template.items.map(item));
}

// {answers} or {error} naming the first item left unanswered.
export function answersOf(template, form) {
  const answers = {};
  for (const i of template.items) {
    const name = `item-${i.item_id}`;
    const note = form.querySelector(`[name="${name}-note"]`)?.value.trim() || '';
    if (i.type === 'check') {
      const chosen = form.querySelector(`[name="${name}"]:checked`);
      if (!chosen) return { error: `Answer: ${i.text}` };
      answers[i.item_id] = note ? { result: chosen.value, note } : chosen.value;
    } else if (i.type === 'measure') {
      const text = form.querySelector(`[name="${name}"]`).value;
      if (text === '' && !note) return { error: `Measure or say why not: ${i.text}` };
      answers[i.item_id] = text === '' ? { value: null, note } : Number(text);
    } else {
      const text = form.querySelector(`[name="${name}"]`).value.trim();
      if (text) answers[i.item_id] = text;
    }
  }
  return { answers };
}
