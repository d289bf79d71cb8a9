/** The tab's pages as the navigation lists them; Preferences' two pages are grouped. */
export const navigationItems = [
  { path: '/', label: 'Dashboard', group: undefined },
  { path: '/employees', label: 'Employees', group: undefined },
  { path: '/preferences/fields', label: 'Fields', group: 'Preferences' },
  { path: '/preferences/integration', label: 'Integration', group: 'Preferences' },
] as const;

/** The navigation item a path belongs to (run details belong to the dashboard). */
export function navigationItemOf(pathname: string): string {
  const match = navigationItems.find(
    (item) => item.path !== '/' && (pathname === item.path || pathname.startsWith(`${item.path}/`)),
  );
  return match?.path ?? '/';
}
