import { replaceMetadata, updateMetadata } from '@metadata-semantics/core';

const stored = { publicMetadata: { role: 'member', prefs: { theme: 'dark', lang: 'en' } } };
console.log('stored  ', JSON.stringify(stored));
const updated = updateMetadata(stored, { publicMetadata: { birthday: '1990-01-01', prefs: { theme: null } } });
console.log('update  ', JSON.stringify(updated), '(deep merge; null deletes)');
const replaced = replaceMetadata(updated, { publicMetadata: { role: 'admin' } });
console.log('replace ', JSON.stringify(replaced), '(the field is overwritten in full)');
