import { parseAttributePath } from './settings-schema';

const maxKeyLength = 40;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The words of a path that make a good column id: `manager.displayName` → `managerDisplayName`. */
function baseOf(path: string): string {
  const parsed = parseAttributePath(path);
  if (!parsed.ok) return path;
  const p = parsed.path;
  switch (p.kind) {
    case 'attribute':
      return p.name;
    case 'element':
      return `${p.name}${p.index === 0 ? '' : String(p.index + 1)}`;
    case 'member':
      return p.member;
    case 'manager':
      return `manager${capitalised(p.name)}`;
    case 'extension':
      return p.text.replace(/^extension_[0-9a-f]{32}_/, '');
  }
}

/**
 * A new field's key for an attribute path: letters and digits starting lower-case, at most 40
 * characters, and not one of `taken` (keys are column ids, so they never collide).
 */
export function fieldKeyFor(path: string, taken: ReadonlySet<string>): string {
  const words = baseOf(path)
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
  let key = words.map((w, i) => (i === 0 ? w : capitalised(w))).join('');
  key = key.charAt(0).toLowerCase() + key.slice(1);
  if (!/^[a-z]/.test(key)) key = `field${capitalised(key)}`;
  key = key.slice(0, maxKeyLength);
  if (!taken.has(key)) return key;
  for (let n = 2; ; n += 1) {
    const suffix = String(n);
    const candidate = `${key.slice(0, maxKeyLength - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
