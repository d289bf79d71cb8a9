import { describe, expect, it } from 'vitest';
import { EmployeeSearchIndex, type IndexedEmployee } from './employee-search-index.js';

const person = (id: string, name: string, ...more: string[]): IndexedEmployee => ({
  id,
  sortKey: `${name.toLowerCase()}\u0001${id}`,
  search: [...name.toLowerCase().split(' '), ...more].map((w) => ` ${w}`).join(''),
});

const idsOf = (entries: readonly IndexedEmployee[]) => entries.map((entry) => entry.id);

describe('EmployeeSearchIndex', () => {
  const people = [
    person('4', 'Bob Annan', 'legal'),
    person('1', 'Anna Smith', 'sales'),
    person('3', 'Anna Smidova', 'legal'),
    person('2', 'Joanne Osmond', 'sales'),
  ];

  it('finds employees with a word starting with every term, in name order', () => {
    const index = new EmployeeSearchIndex(people);
    expect(idsOf(index.find(['ann'], '', 10))).toEqual(['3', '1', '4']);
    expect(idsOf(index.find(['smi', 'ann'], '', 10))).toEqual(['3', '1']);
    expect(idsOf(index.find(['legal'], '', 10))).toEqual(['3', '4']);
    expect(idsOf(index.find(['osm'], '', 10))).toEqual(['2']);
    expect(idsOf(index.find(['nobody'], '', 10))).toEqual([]);
    expect(idsOf(index.find(['nna'], '', 10))).toEqual([]);
  });

  it('pages after a sort key, up to a limit', () => {
    const index = new EmployeeSearchIndex(people);
    expect(idsOf(index.find(['ann'], '', 2))).toEqual(['3', '1']);
    expect(idsOf(index.find(['ann'], people[1]!.sortKey, 2))).toEqual(['4']);
  });

  it('walks in name order when the lead word is common, with the same answers', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => {
      const n = String(i).padStart(4, '0');
      return person(`id${n}`, `Pat ${n}`, i % 1000 === 7 ? 'rare' : 'common');
    });
    const index = new EmployeeSearchIndex(many);
    // 5,000 employees have "pat": past the postings limit, so it walks.
    expect(idsOf(index.find(['pat'], '', 3))).toEqual(['id0000', 'id0001', 'id0002']);
    expect(idsOf(index.find(['pat', 'rare'], '', 10))).toEqual(
      ['0007', '1007', '2007', '3007', '4007'].map((n) => `id${n}`),
    );
    // Five have "rare": it starts from them.
    expect(idsOf(index.find(['rare', 'pat'], many[1007]!.sortKey, 10))).toEqual([
      'id2007',
      'id3007',
      'id4007',
    ]);
  });

  it('finds a cluster of names far down the list, past what a walk tests', () => {
    const many = [
      ...Array.from({ length: 4_000 }, (_, i) =>
        person(`a${i}`, `Aaron ${String(i).padStart(4, '0')}`),
      ),
      ...Array.from({ length: 3_000 }, (_, i) =>
        person(`z${i}`, `Zoe ${String(i).padStart(4, '0')}`),
      ),
    ];
    const index = new EmployeeSearchIndex(many);
    expect(idsOf(index.find(['zoe'], '', 3))).toEqual(['z0', 'z1', 'z2']);
    expect(idsOf(index.find(['zoe'], many[4_001]!.sortKey, 2))).toEqual(['z2', 'z3']);
    // Part of the page from the walk, the rest from the postings.
    expect(idsOf(index.find(['aaron'], many[3_998]!.sortKey, 3))).toEqual(['a3999']);
    expect(idsOf(index.find(['zoe', '2999'], '', 5))).toEqual(['z2999']);
  });

  it('lists an employee once when several of their words start with the term', () => {
    const index = new EmployeeSearchIndex([
      person('1', 'Ann Annika', 'annex'),
      person('2', 'Anna Berg'),
    ]);
    expect(idsOf(index.find(['ann'], '', 10))).toEqual(['1', '2']);
    expect(idsOf(index.find(['ann'], '', 1))).toEqual(['1']);
  });

  it('follows writes: renames, new words, removals', () => {
    const index = new EmployeeSearchIndex(people);
    index.apply([person('2', 'Joanne Zeller', 'sales'), person('5', 'Annika Quist')], ['4']);
    expect(index.size).toBe(4);
    expect(idsOf(index.find(['osm'], '', 10))).toEqual([]);
    expect(idsOf(index.find(['zel'], '', 10))).toEqual(['2']);
    expect(idsOf(index.find(['ann'], '', 10))).toEqual(['3', '1', '5']);
    expect(idsOf(index.find(['legal'], '', 10))).toEqual(['3']);
    expect(idsOf(index.find(['quist'], '', 10))).toEqual(['5']);
    index.apply([], ['5', 'unknown']);
    expect(idsOf(index.find(['quist'], '', 10))).toEqual([]);
    expect(idsOf(index.find(['ann'], '', 10))).toEqual(['3', '1']);
  });

  it('answers each search afresh, whatever the searches before it matched', () => {
    const index = new EmployeeSearchIndex(people);
    const found = (...terms: string[]) => idsOf(index.find(terms, '', 10));
    for (let round = 0; round < 2; round++) {
      expect(found('ann', 'sales')).toEqual(['1']);
      expect(found('legal', 'ann', 'smi')).toEqual(['3']);
      expect(found('sales', 'jo')).toEqual(['2']);
      expect(found('legal', 'sales')).toEqual([]);
      expect(found('ann', 'legal')).toEqual(round === 0 ? ['3', '4'] : ['3', '5', '4']);
      index.apply([person('5', 'Annika Quist', 'legal')], []);
    }
  });

  it('indexes more distinct words than a call may take arguments', () => {
    const many = Array.from({ length: 150_000 }, (_, i) => person(`id${i}`, `Pat W${i}`));
    const index = new EmployeeSearchIndex(many);
    expect(idsOf(index.find(['w149999'], '', 10))).toEqual(['id149999']);
  });

  it('pages the whole directory in name order, with or without writes', () => {
    const index = new EmployeeSearchIndex(people);
    expect(idsOf(index.after('', 3))).toEqual(['3', '1', '4']);
    expect(idsOf(index.after(people[1]!.sortKey, 3))).toEqual(['4', '2']);
    expect(idsOf(index.after(people[3]!.sortKey, 3))).toEqual([]);
    index.apply([person('5', 'Aaron Berg')], ['1']);
    expect(idsOf(index.after('', 2))).toEqual(['5', '3']);
  });
});
