/**
 * R8 (SECURITY.md): "المالك" (the owner) and letters drawn in boxes or circles that Unicode's
 * normalisation leaves alone (🅰 U+1F170, 🅐, 🇦) are refused like "Owner" and "Admin"; the given
 * name مالك (Malik) and ordinary names with such symbols pass.
 */
import { describe, expect, it } from 'vitest';
import { checkPost, normaliseName } from '../../src/posting/text.ts';
import { makeTestApp } from '../support/app.ts';

const reserved = (name: string) => checkPost('hi', normaliseName(name), 280)?.code === 'name_reserved';

describe('reserved names: the owner in Arabic, boxed letters', () => {
  it.each(['المالك', 'المالكة', 'المالك أحمد', '🅰dmin', '🅰🅳🅼🅸🅽', '🅐dmin', '🇦dmin', '🅼od', 'The 🅾wner', 'Ⓐdmin', '🄰dmin'])('%s is refused', (name) => {
    expect(reserved(name)).toBe(true);
  });

  it.each(['مالك', 'Malik', 'مالك بن أنس', '🅰 fan', 'I love 🇫🇷', 'Ann 🅰🅱'])('%s passes', (name) => {
    expect(reserved(name)).toBe(false);
  });

  it('a post named 🅰dmin is refused with the sentence, as Owner is', async () => {
    const t = makeTestApp();
    for (const name of ['Owner', '🅰dmin', 'المالك']) {
      const res = await t.post({ name, body: 'hello' });
      expect([name, res.status]).toEqual([name, 422]);
      expect(await res.text()).toContain('That name is reserved for the moderators.');
    }
  });
});
