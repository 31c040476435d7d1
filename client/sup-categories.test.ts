import { describe, expect, it } from 'vitest';
import { compareCategories, supCategoryLabel, supCategoryStyle } from './sup-categories.ts';

describe('SUP categories', () => {
  it('labels categories in French after the GPU, whatever the case', () => {
    expect(supCategoryLabel('AC1')).toBe('AC1 — Monuments historiques');
    expect(supCategoryLabel('pm1')).toBe('PM1 — Plans de prévention des risques naturels et miniers');
    expect(supCategoryLabel('ac4bis')).toBe('AC4bis — Plans de valorisation de l’architecture et du patrimoine');
    expect(supCategoryLabel('ZZ9')).toBe('ZZ9');
  });
  it('gives the main categories distinct colours', () => {
    const colors = ['AC1', 'AC2', 'PM1', 'I4', 'INT1', 'EL7'].map((c) => supCategoryStyle(c).color);
    expect(new Set(colors).size).toBe(colors.length);
  });
  it('colours other categories by family', () => {
    expect(supCategoryStyle('PM3').color).toBe(supCategoryStyle('PM2').color);
    expect(supCategoryStyle('I3').color).not.toBe(supCategoryStyle('INT2').color);
    expect(supCategoryStyle('???').color).toBe('#555555');
  });
  it('sorts the main categories first', () => {
    expect(['T1', 'EL7', 'A9', 'AC1', 'I4'].sort(compareCategories)).toEqual(['AC1', 'I4', 'EL7', 'A9', 'T1']);
  });
});
